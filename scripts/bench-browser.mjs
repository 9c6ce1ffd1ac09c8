// The browser benchmark next to the native one, in one run:
//   trunk build --release && node scripts/bench-browser.mjs [RUNS]
// Opens dist/index.html?bench=RUNS in headless Chromium (e2e/harness.mjs), runs
// `schedule-explorer bench --runs RUNS` (target/release, built if missing), prints all JSON lines,
// then a markdown table: medians, wasm speed / native for (a) and (b), (c) against one 60 Hz frame,
// and the transfer size of dist (wasm + js + css, gzip -9) against the 250 KB budget.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { open, ROOT } from '../e2e/harness.mjs';
import { BUDGET_KB, kb, transferSize } from './size.mjs';

const RUNS = Number(process.argv[2] || 15);
const A = 'simulate_adam_rosenbrock_newbob_rel', B = 'parse_replay_lr_file_mol', C = 'rerun_redraw';
const FRAME_MS = 1000 / 60;

const { page, problems, close } = await open({ query: `?bench=${RUNS}` });
let browser;
try {
  await page.waitForSelector('[data-testid="bench-result"][data-done="true"]', { timeout: 600_000 });
  browser = (await page.getByTestId('bench-result').textContent()).split('\n').map((l) => l.trim()).filter(Boolean);
} finally {
  await close();
}
if (problems.length) console.error(problems.join('\n'));

// SCHEDULE_EXPLORER=path: a native binary built elsewhere from the same sources.
const cli = process.env.SCHEDULE_EXPLORER ?? join(ROOT, 'target', 'release', 'schedule-explorer');
if (!existsSync(cli)) execFileSync('cargo', ['build', '--quiet', '--release', '--bin', 'schedule-explorer'], { cwd: ROOT, stdio: 'inherit' });
const native = execFileSync(cli, ['bench', '--runs', String(RUNS)], { cwd: ROOT, encoding: 'utf8' })
  .split('\n').map((l) => l.trim()).filter(Boolean);

for (const l of browser) console.log(`browser ${l}`);
for (const l of native) console.log(`native ${l}`);
const med = (lines) => Object.fromEntries(lines.map((l) => JSON.parse(l)).map((r) => [r.workload, r.median_ms]));
const br = med(browser), na = med(native);

const size = transferSize(join(ROOT, 'dist'));

const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');
console.log('\n| workload | browser wasm (ms) | native (ms) | wasm speed / native | target |');
console.log('|---|---|---|---|---|');
for (const w of [A, B]) {
  const ratio = na[w] / br[w];
  console.log(`| \`${w}\` | ${f(br[w])} | ${f(na[w])} | ${f(ratio)}× | ≥ 0.75× ${ratio >= 0.75 ? 'met' : 'NOT met'} |`);
}
console.log(`| \`${C}\` | ${f(br[C])} | — | — | ≤ ${FRAME_MS.toFixed(1)} ms ${br[C] <= FRAME_MS ? 'met' : 'NOT met'} |`);
console.log(`\ntransfer size (${size.files.map((x) => x.name).join(' + ')}): ${kb(size.raw)} KB raw, `
  + `${kb(size.gz)} KB gzip -9 (budget ${BUDGET_KB} KB: ${size.gz / 1024 <= BUDGET_KB ? 'met' : 'NOT met'})`);
