// The curation worker (a classic dedicated worker). The app's first message says where the
// wasm-bindgen glue (--target no-modules) and the wasm are; every later message is a request
// ({op, ...}) answered with {bytes} | {text} | {error}. Requests wait for the module to load.
"use strict";
let ready = null;
self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.init) {
    try {
      if (msg.init.glue) importScripts(msg.init.glue);
      ready = wasm_bindgen({ module_or_path: msg.init.wasm });
    } catch (err) {
      ready = Promise.reject(err);
    }
    return;
  }
  try {
    await ready;
    if (msg.op === "apply") {
      const bytes = wasm_bindgen.apply(msg.published, msg.curation);
      self.postMessage({ bytes }, [bytes.buffer]);
    } else if (msg.op === "export") {
      self.postMessage({ text: wasm_bindgen.exportChanges(msg.curation, msg.title) });
    } else if (msg.op === "extract_json") {
      self.postMessage({ text: wasm_bindgen.extract_json(msg.doc, msg.text) });
    } else {
      self.postMessage({ error: "unknown request " + msg.op });
    }
  } catch (err) {
    self.postMessage({ error: String(err && err.message ? err.message : err) });
  }
};
