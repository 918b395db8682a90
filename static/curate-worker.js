// The curation worker (classic, dedicated). First message: {init: {glue, wasm}}; then requests
// {op: "apply" | "export" | "extract_json" | "call", ...} answered one at a time (see
// crates/curate-worker and ARCHITECTURE.md, "In-browser curation"). The wasm exports one
// function, `run`, taking one message: the operation's number (its place in OPS), then each
// argument as a u32 LE length and its bytes (text as UTF-8); it answers bytes.
"use strict";
const OPS = ["apply", "exportChanges", "extract_json", "notes", "document_text", "add_document",
  "review", "undo", "summary", "edit_form", "edit", "add_form", "add_fact", "carry", "merged"];
// The operations answering text; `merged` answers u32 LE numbers, the rest bytes.
const TEXT = new Set(["exportChanges", "extract_json", "notes", "document_text", "summary",
  "edit_form", "add_form"]);
function run(fn, args) {
  const op = OPS.indexOf(fn);
  if (op < 0) throw "unknown request " + fn;
  const enc = new TextEncoder();
  const parts = args.map((a) =>
    a instanceof Uint8Array ? a
      : a instanceof ArrayBuffer ? new Uint8Array(a)
      : ArrayBuffer.isView(a) ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
      : enc.encode(String(a ?? "")));
  const msg = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 1));
  const view = new DataView(msg.buffer);
  msg[0] = op;
  let at = 1;
  for (const p of parts) {
    view.setUint32(at, p.length, true);
    msg.set(p, at + 4);
    at += 4 + p.length;
  }
  const out = wasm_bindgen.run(msg);
  if (TEXT.has(fn)) return new TextDecoder().decode(out);
  if (fn === "merged") {
    const v = new DataView(out.buffer, out.byteOffset, out.length);
    return Array.from({ length: out.length >> 2 }, (_, i) => v.getUint32(4 * i, true));
  }
  return out;
}
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
      const bytes = run("apply", [msg.published, msg.curation]);
      const notes = run("notes", [bytes]);
      self.postMessage({ bytes, notes }, [bytes.buffer]);
    } else if (msg.op === "export") {
      self.postMessage({ text: run("exportChanges", [msg.curation, msg.title]) });
    } else if (msg.op === "extract_json") {
      self.postMessage({ text: run("extract_json", [msg.doc, msg.text]) });
    } else if (msg.op === "call" && OPS.includes(msg.fn)) {
      self.postMessage({ value: run(msg.fn, msg.args) });
    } else {
      self.postMessage({ error: "unknown request " + (msg.fn || msg.op) });
    }
  } catch (err) {
    self.postMessage({ error: String(err && err.message ? err.message : err) });
  }
};
