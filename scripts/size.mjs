// The transfer size of the built app: every .wasm/.js/.css file Trunk wrote to dist/ (not the
// bench-only lr file under dist/bench/), raw, gzip -9 and brotli (quality 11) — what a static host
// sends with the precompressed files of scripts/build-site.sh — per file and in total.
//   node scripts/size.mjs [--build] [--max-kb N] [DIR]
// --build runs `trunk build --release` first; --max-kb N exits 1 when the gzip -9 total is over N KB
// (1 KB = 1024 bytes). The app's budget is 250 KB (docs/BENCHMARKS.md). DIR defaults to dist/.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGET_KB = 250;
const ROOT = join(fileURLToPath(import.meta.url), '..', '..');

/** gzip -9 of `body` (the `.gz` a host sends). */
export const gzip = (body) => gzipSync(body, { level: 9 });
/** brotli at quality 11, in text mode for text files (the `.br` a host sends). */
export const brotli = (body, text) => brotliCompressSync(body, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 11,
    [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
    [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
  },
});
export const isText = (name) => !/\.(wasm|png)$/.test(name);

/** `{ files: [{ name, raw, gz, br }], raw, gz, br }` for the .wasm/.js/.css files directly in `dist`. */
export function transferSize(dist = join(ROOT, 'dist')) {
  const files = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f)).sort().map((name) => {
    const body = readFileSync(join(dist, name));
    return { name, raw: body.length, gz: gzip(body).length, br: brotli(body, isText(name)).length };
  });
  const sum = (k) => files.reduce((s, f) => s + f[k], 0);
  return { files, raw: sum('raw'), gz: sum('gz'), br: sum('br') };
}

export const kb = (bytes) => (bytes / 1024).toFixed(1);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--build')) execFileSync('trunk', ['build', '--release'], { cwd: ROOT, stdio: 'inherit' });
  const i = args.indexOf('--max-kb');
  const max = i >= 0 ? Number(args[i + 1]) : BUDGET_KB;
  const dir = args.filter((a, j) => !a.startsWith('--') && !(i >= 0 && j === i + 1))[0];
  const t = transferSize(dir ? resolve(dir) : undefined);
  console.log('| file | raw (bytes) | gzip -9 (bytes) | brotli 11 (bytes) |');
  console.log('|---|---:|---:|---:|');
  for (const f of t.files) console.log(`| ${f.name} | ${f.raw} | ${f.gz} | ${f.br} |`);
  console.log(`| **total** | ${t.raw} (${kb(t.raw)} KB) | ${t.gz} (**${kb(t.gz)} KB**) | ${t.br} (**${kb(t.br)} KB**) |`);
  const met = t.gz <= max * 1024;
  console.log(`\ntransfer size ${kb(t.gz)} KB gzip -9, ${kb(t.br)} KB brotli; budget ${max} KB (gzip): ${met ? 'met' : 'NOT met'}`);
  if (i >= 0 && !met) process.exit(1);
}
