// The host snippet on its own, in a stand-in window: which messages resize which frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SNIPPET = readFileSync(new URL('../../static/pipeline-atlas-embed.js', import.meta.url), 'utf8');

/** Runs the snippet with one atlas frame; returns a function posting `data` from `source`. */
function host() {
  let listener;
  const frame = { contentWindow: {}, style: {} };
  const window = { addEventListener: (type, f) => { if (type === 'message') listener = f; } };
  const document = { querySelectorAll: () => [frame] };
  vm.runInNewContext(SNIPPET, { window, document });
  const post = (data, source = frame.contentWindow) => listener({ data, source });
  return { frame, post };
}

test('the snippet sizes its frames, believes only them and clamps the height to 20,000 px', () => {
  const { frame, post } = host();
  post({ type: 'pipeline-atlas:height', height: 640.2 });
  assert.equal(frame.style.height, '641px');
  post({ type: 'pipeline-atlas:height', height: 900 }, {});
  assert.equal(frame.style.height, '641px', 'a message from another window is ignored');
  post({ type: 'pipeline-atlas:height', height: -5 });
  assert.equal(frame.style.height, '641px');
  // Bug: any height was applied, so a frame could make its host page a billion pixels tall.
  post({ type: 'pipeline-atlas:height', height: 1e9 });
  assert.equal(frame.style.height, '20000px');
});
