// The curation worker (classic, dedicated). First message: {init: {glue, wasm}}; then requests
// {op: "apply" | "export" | "extract_json" | "call", ...} answered one at a time (see
// crates/curate-worker and ARCHITECTURE.md, "In-browser curation").
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
      const notes = wasm_bindgen.notes(bytes);
      self.postMessage({ bytes, notes }, [bytes.buffer]);
    } else if (msg.op === "export") {
      self.postMessage({ text: wasm_bindgen.exportChanges(msg.curation, msg.title) });
    } else if (msg.op === "extract_json") {
      self.postMessage({ text: wasm_bindgen.extract_json(msg.doc, msg.text) });
    } else if (msg.op === "call" && typeof wasm_bindgen[msg.fn] === "function") {
      self.postMessage({ value: wasm_bindgen[msg.fn](...msg.args) });
    } else {
      self.postMessage({ error: "unknown request " + (msg.fn || msg.op) });
    }
  } catch (err) {
    self.postMessage({ error: String(err && err.message ? err.message : err) });
  }
};
