// Loaded by the app (after the curation module's no-modules glue, atlas-curate-worker.js)
// the first time a curator acts: hands the glue's `wasm_bindgen` to the app as
// `atlasCurate`, which starts it on the main thread for the curation controls.
"use strict";
self.atlasCurate = wasm_bindgen;
