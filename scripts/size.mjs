// The transfer size of the built app: every .wasm/.js/.css file Trunk wrote to dist/ (not the
// bench-only lr file under dist/bench/), raw and gzip -9, per file and in total.
//   node scripts/size.mjs [--build] [--max-kb N]
// --build runs `trunk build --release` first; --max-kb N exits 1 when the gzip -9 total is over N KB
// (1 KB = 1024 bytes). The app's budget is 250 KB (docs/BENCHMARKS.md).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_KB = 250;
const ROOT = join(fileURLToPath(import.meta.url), '..', '..');

/** `{ files: [{ name, raw, gz }], raw, gz }` for the .wasm/.js/.css files directly in `dist`. */
export function transferSize(dist = join(ROOT, 'dist')) {
  const files = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f)).sort().map((name) => {
    const body = readFileSync(join(dist, name));
    return { name, raw: body.length, gz: gzipSync(body, { level: 9 }).length };
  });
  const sum = (k) => files.reduce((s, f) => s + f[k], 0);
  return { files, raw: sum('raw'), gz: sum('gz') };
}

export const kb = (bytes) => (bytes / 1024).toFixed(1);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--build')) execFileSync('trunk', ['build', '--release'], { cwd: ROOT, stdio: 'inherit' });
  const i = args.indexOf('--max-kb');
  const max = i >= 0 ? Number(args[i + 1]) : BUDGET_KB;
  const t = transferSize();
  console.log('| file | raw (bytes) | gzip -9 (bytes) |');
  console.log('|---|---:|---:|');
  for (const f of t.files) console.log(`| ${f.name} | ${f.raw} | ${f.gz} |`);
  console.log(`| **total** | ${t.raw} (${kb(t.raw)} KB) | ${t.gz} (**${kb(t.gz)} KB**) |`);
  const met = t.gz <= max * 1024;
  console.log(`\ntransfer size ${kb(t.gz)} KB gzip -9, budget ${max} KB: ${met ? 'met' : 'NOT met'}`);
  if (i >= 0 && !met) process.exit(1);
}
