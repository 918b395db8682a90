// The curation controls on the page's main thread, loaded when a curator first acts; the
// worker (crates/curate-worker) does all that needs the dataset. See ARCHITECTURE.md
// ("In-browser curation") for the `host` object the app passes first.
"use strict";
(() => {
  let worker = null;
  let queue = Promise.resolve();

  // The worker: the same-origin files of the hosted atlas, or the single file's inert blocks
  // (a blob: worker, allowed by exactly `worker-src blob:`; the wasm handed over as bytes).
  function startWorker() {
    const init = {};
    const script = document.getElementById("pipeline-atlas-curate-js");
    let w;
    if (script) {
      const b64 = document.getElementById("pipeline-atlas-curate-wasm").textContent.trim();
      init.wasm = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([script.textContent], { type: "text/javascript" }));
      w = new Worker(url);
    } else {
      init.glue = "./atlas-curate-worker.js";
      init.wasm = "./atlas-curate-worker_bg.wasm";
      w = new Worker("./curate-worker.js");
    }
    w.postMessage({ init });
    return w;
  }

  // One request at a time: post `msg`, resolve with the answer, reject with its error.
  function ask(msg) {
    const run = () =>
      new Promise((resolve, reject) => {
        if (!worker) worker = startWorker();
        worker.onmessage = (e) => (e.data.error !== undefined ? reject(String(e.data.error)) : resolve(e.data));
        worker.onerror = (e) => {
          e.preventDefault();
          reject("the curation worker could not be loaded");
        };
        worker.postMessage(msg);
      });
    const answer = queue.then(run, run);
    queue = answer.catch(() => {});
    return answer;
  }
  const call = (fn, ...args) => ask({ op: "call", fn, args }).then((a) => a.value);
  // The worker's summary of a curation: {items, verdicts} (see `summary` in ui.rs).
  async function summary(cur) {
    const [lines, pairs] = (await call("summary", cur)).split("\u0001");
    const verdicts = {};
    const p = pairs ? pairs.split("\0") : [];
    for (let i = 0; i + 1 < p.length; i += 2) verdicts[p[i]] = p[i + 1];
    return { items: lines ? lines.split("\0") : [], verdicts };
  }
  const message = (e) => (e && e.message ? e.message : String(e));

  // The status line: busy while the worker works (every curation button disabled; only what
  // was disabled here is enabled again), the last refusal, the last notes. Drawn into every
  // `.curate-status` of the page, also one the app renders later (the next page).
  let shown = { busy: false, error: null, notes: [] };
  let generation = 0;
  function draw(el) {
    const lines = [];
    const line = (cls, role, testid, text) => {
      const p = document.createElement("p");
      if (cls) p.className = cls;
      p.setAttribute("role", role);
      p.dataset.testid = testid;
      p.textContent = text;
      lines.push(p);
    };
    if (shown.busy) line("", "status", "curate-busy", "Working…");
    if (shown.error) line("error", "alert", "curate-error", shown.error);
    for (const n of shown.notes) line("note", "status", "curate-note", n);
    el.replaceChildren(...lines);
    el.dataset.shown = String(generation);
  }
  new MutationObserver(() => {
    for (const el of document.querySelectorAll(".curate-status")) {
      if (el.dataset.shown !== String(generation)) draw(el);
    }
  }).observe(document.body, { childList: true, subtree: true });
  function status(host, busy, error, notes) {
    const which = busy
      ? "button[data-act]:not([disabled]), button[data-undo]:not([disabled])"
      : "button[data-busy]";
    for (const b of document.querySelectorAll(which)) {
      b.toggleAttribute("disabled", busy);
      b.toggleAttribute("data-busy", busy);
    }
    shown = { busy, error: error ?? null, notes: notes ?? [] };
    generation += 1;
    for (const el of document.querySelectorAll(".curate-status")) draw(el);
  }

  // Apply `next` (encoded curation) to the published atlas in the worker and hand the merged
  // atlas to the app. Resolves with the notes; a refusal rejects with the build's reason (also
  // shown). A store the browser refused (the quota) is shown while the change stays applied.
  async function submit(host, next, merged) {
    status(host, true);
    try {
      const s = host.state();
      const { bytes, notes: joined } = await ask({ op: "apply", published: s.published, curation: next });
      const notes = joined ? joined.split("\0") : [];
      const len = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true);
      const bundle = bytes.slice(0, len);
      const meta = bytes.slice(len, bytes.length - 4);
      const sum = await summary(next);
      const kept = host.commit(bundle, meta, next, merged, sum);
      let stored = null;
      try {
        await store(s.key, { curation: next, bundle, meta, merged: kept, summary: sum });
      } catch (e) {
        stored = e;
      }
      status(host, false, stored, notes);
      return notes;
    } catch (e) {
      status(host, false, message(e));
      throw e;
    }
  }

  // Keep the record the app restores at start (IndexedDB, one record per atlas key). A write
  // the browser refuses (the quota) is the error; nothing stored before is touched.
  function store(key, record) {
    return new Promise((resolve, reject) => {
      // The browser's own words in brackets, without their closing full stop.
      const why = (e) => String(e.message).replace(/\.$/, "");
      const said = (e) =>
        e && e.name === "QuotaExceededError"
          ? `Not saved in this browser: its storage for this site is full (${why(e)}). Your changes stay on this page until you close it: export them to keep them, or free space`
          : `Not saved in this browser${e ? ` (${e.name}: ${why(e)})` : ""}. Your changes stay on this page until you close it: export them to keep them`;
      let open;
      try {
        open = indexedDB.open("pipeline-atlas-curation", 1);
      } catch {
        return reject("this browser offers no IndexedDB, so changes cannot be kept");
      }
      open.onupgradeneeded = () => open.result.createObjectStore("atlases");
      open.onerror = () => reject(said(open.error));
      open.onsuccess = () => {
        try {
          const tx = open.result.transaction("atlases", "readwrite");
          tx.oncomplete = () => resolve();
          tx.onabort = () => reject(said(tx.error));
          tx.objectStore("atlases").put(record, key);
        } catch (e) {
          reject(said(e));
        }
      };
    });
  }

  function state(host) {
    const s = host.state();
    if (!s.published) {
      throw "this atlas is split into shards: add documents to its corpus and rebuild it instead";
    }
    return s;
  }

  // The curation with one more document, and the first new document's id.
  async function added(published, cur, name, title, text, first) {
    const out = await call("add_document", published, cur, name, title, text);
    const n = new DataView(out.buffer, out.byteOffset + out.length - 4, 4).getUint32(0, true);
    const id = new TextDecoder().decode(out.subarray(out.length - 4 - n, out.length - 4));
    return [out.slice(0, out.length - 4 - n), first ?? id];
  }

  // #/curate: Extract. The files (dropped ones first), then the paste; the first refusal is
  // the error and nothing is added. An HTML file becomes the text the browser parses from it
  // (a DOMParser never runs scripts), and that text is the local document.
  async function extract(host, dropped) {
    const files = [...dropped, ...(document.getElementById("curate-files")?.files ?? [])];
    const pasted = document.getElementById("curate-paste")?.value ?? "";
    const title = (document.getElementById("curate-title")?.value ?? "").trim();
    status(host, true);
    try {
      const s = state(host);
      if (files.length === 0 && pasted.trim() === "") {
        if (pasted === "") throw "Nothing to extract: paste a document or choose files first";
        await call("document_text", "the pasted text", new TextEncoder().encode(pasted));
        throw "Nothing to extract: the pasted text is empty";
      }
      let cur = s.curation;
      let first = null;
      const single = files.length === 1 && pasted.trim() === "";
      for (const file of files) {
        // Refused before it is read; the worker checks the same cap (MAX_DOCUMENT_BYTES) again.
        if (file.size > 20 * 1024 * 1024) {
          throw `${file.name}: ${file.size} bytes is over the 20 MB document limit; split it into smaller documents`;
        }
        let bytes;
        try {
          bytes = new Uint8Array(await file.arrayBuffer());
        } catch {
          throw `${file.name}: could not be read`;
        }
        let text = await call("document_text", file.name, bytes);
        if (/\.html?$/i.test(file.name)) {
          text = new DOMParser().parseFromString(text, "text/html").body?.textContent ?? "";
        }
        [cur, first] = await added(s.published, cur, file.name, single && title ? title : file.name, text, first);
      }
      if (pasted.trim() !== "") {
        [cur, first] = await added(s.published, cur, title || "pasted", title, pasted, first);
      }
      await submit(host, cur);
      // The form is done with: emptied before the page changes, as tearing down a textarea
      // that holds a megabyte takes the browser tens of milliseconds in one task.
      clearForm();
      if (first) location.hash = `#/doc/${first}`;
    } catch (e) {
      status(host, false, message(e));
    }
  }

  function clearForm() {
    for (const id of ["curate-paste", "curate-title", "curate-files"]) {
      const el = document.getElementById(id);
      if (el) el.value = "";
    }
  }

  // #/curate: Export changes, one file, no dialog.
  async function download_changes(host) {
    try {
      const s = host.state();
      const { text } = await ask({ op: "export", curation: s.curation, title: s.title });
      const url = URL.createObjectURL(new Blob([text], { type: "application/json;charset=utf-8" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = "pipeline-atlas-changes.json";
      a.className = "visually-hidden";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      status(host, false, message(e));
    }
  }

  // #/curate/changes: Undo.
  async function undo(host, idx) {
    status(host, true);
    try {
      await submit(host, await call("undo", state(host).curation, idx));
    } catch (e) {
      status(host, false, message(e));
    }
  }

  // A new build of this atlas: list what it already holds as merged, apply the rest to it.
  async function carry_over(host, old) {
    try {
      const { items } = await summary(old);
      if (!items.length) return status(host, false);
      const published = state(host).published;
      const merged = [...(await call("merged", old, published))].map((i) => items[i]);
      await submit(host, await call("carry", old, published), merged);
    } catch (e) {
      status(host, false, message(e));
    }
  }

  const problem = (testId, text) => {
    const p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.dataset.testid = testId;
    p.textContent = text;
    return p;
  };
  const value = (id) => (document.getElementById(id)?.value ?? "").trim();

  function closeEditForms() {
    for (const slot of document.querySelectorAll(".fact-edit")) slot.replaceChildren();
    for (const b of document.querySelectorAll('[data-act="edit"][aria-expanded="true"]')) {
      b.setAttribute("aria-expanded", "false");
    }
  }

  // A source page's review buttons (the fact is the <li> around the button: data-selector,
  // data-quote; the document is the facts section's data-doc). Save and Save fact are submit
  // buttons: their forms' submit listeners act on them.
  async function review(host, button) {
    const act = button.dataset.act;
    const fact = button.closest("li[data-selector]");
    const doc = button.closest("[data-doc]")?.dataset.doc ?? "";
    const selector = fact?.dataset.selector ?? "";
    const quote = fact?.dataset.quote ?? "";
    try {
      if (act === "accept" || act === "reject") {
        status(host, true);
        await submit(host, await call("review", state(host).curation, act, selector));
      } else if (act === "edit") {
        const open = button.getAttribute("aria-expanded") === "true";
        closeEditForms();
        if (!open) openEdit(host, button, fact, doc, selector, quote);
      } else if (act === "cancel") {
        closeEditForms();
      } else if (act === "add") {
        openAdd(host, button, doc);
      } else if (act === "cancel-fact") {
        button.closest(".add-fact-slot")?.replaceChildren();
      }
    } catch (e) {
      status(host, false, message(e));
    }
  }

  // The Edit and Add fact forms: fields from the worker, a line for the reason a save is
  // refused, Save and Cancel. `saved(form)` asks the worker for the new curation.
  function factForm(host, o) {
    const form = document.createElement("form");
    form.className = "fact-form";
    form.dataset.testid = o.testid;
    form.setAttribute("aria-label", o.label);
    form.innerHTML = `<div class="fact-fields">${o.fields}</div><div class="fact-problem"></div>` +
      `<button type="submit" data-act="${o.save}">${o.saveText}</button>` +
      `<button type="button" data-act="${o.cancel}">Cancel</button>`;
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const where = form.querySelector(".fact-problem");
      status(host, true);
      try {
        // A saved fact re-renders the page, this form included.
        await submit(host, await o.saved(form));
      } catch (e) {
        if (shown.busy) status(host, false);
        where.replaceChildren(problem(o.errorId, `Not saved: ${message(e)}`));
      }
    });
    return form;
  }

  async function openEdit(host, button, fact, doc, selector, quote) {
    const slot = fact.querySelector(".fact-edit");
    const fields = await call("edit_form", state(host).current, selector);
    button.setAttribute("aria-expanded", "true");
    if (!fields) {
      slot.replaceChildren(problem("edit-error", "This fact cannot be edited here"));
      return;
    }
    slot.replaceChildren(factForm(host, {
      testid: "edit-form", label: "Edit fact", fields, save: "save", saveText: "Save",
      cancel: "cancel", errorId: "edit-error",
      saved: (form) => {
        const typed = [...form.querySelectorAll('[id^="edit-"]')].map((el) => el.value).join("\0");
        const s = state(host);
        return call("edit", s.current, s.curation, selector, doc, quote, typed);
      },
    }));
  }

  async function openAdd(host, button, doc) {
    const slot = button.closest(".add-fact")?.querySelector(".add-fact-slot");
    if (!slot) return;
    const quote = String(getSelection() ?? "");
    if (!quote) {
      slot.replaceChildren(problem("add-fact-error", "Select the sentence in the text first, then choose Add fact"));
      return;
    }
    const form = factForm(host, {
      testid: "fact-form", label: "Add fact", fields: await call("add_form", state(host).current, doc, quote),
      save: "save-fact", saveText: "Save fact", cancel: "cancel-fact", errorId: "add-fact-error",
      saved: () => {
        const fields = ["fact-kind", "fact-name", "fact-trial", "fact-arm", "fact-endpoint", "fact-value", "fact-n"]
          .map(value).join("\0");
        return call("add_fact", state(host).curation, doc, quote, fields);
      },
    });
    form.addEventListener("change", (ev) => {
      if (ev.target.id !== "fact-kind") return;
      const asset = ev.target.value === "asset";
      document.getElementById("fact-asset-fields")?.toggleAttribute("hidden", !asset);
      document.getElementById("fact-result-fields")?.toggleAttribute("hidden", asset);
    });
    slot.replaceChildren(form);
  }

  self.atlasCurate = { extract, download_changes, undo, carry_over, review };
})();
