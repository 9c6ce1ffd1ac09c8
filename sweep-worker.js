// A sweep worker (src/ui/sweep_workers.rs): runs the app's own wasm module, which the page sends
// once as a compiled WebAssembly.Module, and answers each job with sweep_worker_run
// (engine::sweep::run_job_json). In: {module}, then [generation, job JSON]; out: [generation,
// output JSON]. The module's start function sees no window here and mounts nothing.
import init, { sweep_worker_run } from './schedule-explorer-app.js';

let ready = null;
onmessage = async ({ data }) => {
  if (!Array.isArray(data)) {
    ready = init({ module_or_path: data.module });
    return;
  }
  const [generation, job] = data;
  let out;
  try {
    await ready;
    out = sweep_worker_run(job);
  } catch (e) {
    out = JSON.stringify({ error: `sweep worker: ${e}` });
  }
  postMessage([generation, out]);
};
