// Runs the wasm32 build of the standard workloads in Node: node run.mjs LR_FILE_MOL [RUNS]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
const wasm = readFileSync(new URL('./target/wasm32-unknown-unknown/release/schedule_explorer_wasm_bench.wasm', import.meta.url));
const { instance } = await WebAssembly.instantiate(wasm, { env: { now: () => performance.now() } });
const e = instance.exports;
const runs = Number(process.argv[3] || 15);
const a = e.bench_simulate(runs);
console.log(JSON.stringify({ workload: 'simulate_adam_rosenbrock_newbob_rel', median_ms: a, runs }));
const text = readFileSync(process.argv[2]);
const p = e.alloc(text.length);
new Uint8Array(e.memory.buffer, p, text.length).set(text);
const b = e.bench_parse_replay(p, text.length, runs);
console.log(JSON.stringify({ workload: 'parse_replay_lr_file_mol', median_ms: b, runs }));
