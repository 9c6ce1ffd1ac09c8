// A sweep worker (src/ui/sweep_workers.rs): runs the app's own wasm module, which the page sends
// once as a compiled WebAssembly.Module, and answers each job with sweep_worker_run
// (ui::sweep_job::run_job). In: {module}, then [generation, job text]; out: [generation,
// result text] (query strings, see src/ui/sweep_job.rs). The module's start function sees no
// window here and mounts nothing.
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
    out = new URLSearchParams({ error: `sweep worker: ${e}` }).toString();
  }
  postMessage([generation, out]);
};
