// The release build works unchanged under a sub-path, as a static host serves a project folder
// (GitHub Pages: /<repo>/): every file is fetched relative to the page, the sweep's Web Workers
// load from there, the URL state keeps the path, and nothing is asked of the domain root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, setField, waitDone } from './harness.mjs';

const PREFIX = '/a/b/';

test('sub-path: the page, its files, the sweep workers and the link all stay under /a/b/', async () => {
  await withApp({ prefix: PREFIX }, async ({ page, server, problems }) => {
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    await waitDone(page);
    for (const id of ['chart-lr', 'chart-scores', 'chart-loss', 'chart-surface']) {
      assert.ok(Number(await page.getByTestId(id).getAttribute('data-draws')) >= 1, id);
    }

    // A sweep starts its workers from the sub-path and fills the heat-map.
    await page.getByTestId('sweep-x').selectOption('learning_rate');
    await page.getByTestId('sweep-y').selectOption('newbob_learning_rate_decay');
    await page.getByTestId('sweep-run').click();
    await page.waitForSelector('[data-testid="progress"][data-what="sweep"][data-done="true"]', { timeout: 120000 });
    assert.match(await page.getByTestId('sweep-progress').textContent(), /cells — done$/);
    assert.ok(workers.length >= 1, 'the sweep started workers');
    for (const url of workers) assert.equal(url, `${server.url}sweep-worker.js`);

    // The URL state keeps the sub-path; opening it again restores the setting.
    await setField(page, 'newbob_learning_rate_decay', '0.25');
    await waitDone(page);
    const link = page.url();
    assert.ok(link.startsWith(server.url + '?'), link);
    await page.goto(link);
    await page.waitForSelector('[data-testid="chart-lr"][data-draws]:not([data-draws="0"])');
    assert.equal(await page.getByTestId('field-newbob_learning_rate_decay').inputValue(), '0.25');

    // Every request stayed under the prefix and was answered: no 404 from an absolute URL.
    const outside = server.log.filter((r) => !r.path.startsWith(PREFIX) || r.status !== 200);
    assert.deepEqual(outside, [], 'requests outside the sub-path or not found');
    for (const name of ['index.html', 'boot.js', 'schedule-explorer-app.js', 'schedule-explorer-app_bg.wasm', 'sweep-worker.js']) {
      const path = name === 'index.html' ? PREFIX : PREFIX + name;
      assert.ok(server.log.some((r) => r.path === path), `${path} was loaded`);
    }
    assert.ok(server.log.some((r) => r.path.startsWith(PREFIX) && r.path.endsWith('.css')), 'the stylesheets were loaded');
    assert.deepEqual(problems, []);
  });
});

test('published site: precompressed files are sent with Content-Encoding, the page works, and the bytes sent are what size.mjs reports', async () => {
  const { cp, mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { precompress } = await import('../scripts/precompress.mjs');
  const { transferSize } = await import('../scripts/size.mjs');
  const { ROOT } = await import('./harness.mjs');
  const site = await mkdtemp(join(tmpdir(), 'se-site-'));
  try {
    await cp(join(ROOT, 'dist'), site, { recursive: true });
    const written = precompress(site);
    assert.ok(written.some((f) => f.name === 'schedule-explorer-app_bg.wasm' && f.br < f.raw / 2), 'the wasm is compressed');
    await withApp({ prefix: '/project/', dist: site }, async ({ page, server }) => {
      await waitDone(page);
      const sent = server.log.filter((r) => /\.(wasm|js|css)$/.test(r.path) && !r.path.includes('/bench/'));
      assert.ok(sent.length >= 4, JSON.stringify(sent));
      const encodings = new Set(sent.map((r) => r.encoding));
      assert.equal(encodings.size, 1, `one encoding for all files: ${[...encodings]}`);
      const [encoding] = encodings;
      assert.ok(encoding === 'br' || encoding === 'gzip', `precompressed file sent: ${encoding}`);
      // Each file once (the sweep's workers reuse the compiled module: no second wasm download).
      const byName = new Map(sent.map((r) => [r.path.slice('/project/'.length), r.bytes]));
      const size = transferSize(join(ROOT, 'dist'));
      const key = encoding === 'br' ? 'br' : 'gz';
      for (const f of size.files) {
        if (byName.has(f.name)) assert.equal(byName.get(f.name), f[key], `${f.name}: bytes sent = size.mjs ${key}`);
      }
      assert.ok(byName.has('schedule-explorer-app_bg.wasm'));
    });
  } finally {
    await rm(site, { recursive: true, force: true });
  }
});
