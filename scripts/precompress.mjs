// Writes `file.br` (brotli 11) and `file.gz` (gzip -9) beside every file of a folder tree, as
// static hosts serve them (nginx gzip_static/brotli_static, Caddy `precompressed`, Netlify, ...).
//   node scripts/precompress.mjs DIR
// Prints per-file and total bytes as sent: raw, gzip, brotli.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotli, gzip, isText, kb } from './size.mjs';

function walk(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.(br|gz)$/.test(name) ? [] : [path];
  });
}

/** Precompresses every file under `dir`; returns `[{ name, raw, gz, br }]`. */
export function precompress(dir) {
  return walk(dir).map((path) => {
    const body = readFileSync(path);
    const gz = gzip(body);
    const br = brotli(body, isText(path));
    writeFileSync(path + '.gz', gz);
    writeFileSync(path + '.br', br);
    return { name: relative(dir, path), raw: body.length, gz: gz.length, br: br.length };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) { console.error('usage: node scripts/precompress.mjs DIR'); process.exit(2); }
  const files = precompress(dir);
  console.log('| file | raw (bytes) | gzip -9 (bytes) | brotli 11 (bytes) |');
  console.log('|---|---:|---:|---:|');
  for (const f of files) console.log(`| ${f.name} | ${f.raw} | ${f.gz} | ${f.br} |`);
  const sum = (k) => files.reduce((s, f) => s + f[k], 0);
  console.log(`| **total** | ${kb(sum('raw'))} KB | ${kb(sum('gz'))} KB | ${kb(sum('br'))} KB |`);
}
