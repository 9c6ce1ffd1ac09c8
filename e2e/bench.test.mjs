import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp } from './harness.mjs';

const NAMES = ['simulate_adam_rosenbrock_newbob_rel', 'parse_replay_lr_file_mol', 'rerun_redraw'];

test('?bench runs the three workloads in the page and reports one JSON line each', async () => {
  await withApp({ query: '?bench=5' }, async ({ page }) => {
    const box = page.getByTestId('bench-result');
    await page.waitForSelector('[data-testid="bench-result"][data-done="true"]', { timeout: 180_000 });
    const lines = (await box.textContent()).split('\n').map((l) => l.trim()).filter(Boolean);
    const rows = lines.map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => r.workload), NAMES, lines.join('\n'));
    for (const r of rows) {
      assert.equal(r.error, undefined, `${r.workload}: ${r.error}`);
      assert.ok(Number.isInteger(r.runs) && r.runs >= 1, `${r.workload} runs ${r.runs}`);
      assert.equal(r.runs, 5, r.workload);
      assert.ok(Number.isFinite(r.median_ms) && r.median_ms > 0, `${r.workload} median ${r.median_ms}`);
    }
    // The page stayed usable: all charts drew, and the mol file came from the local server.
    for (const id of ['chart-lr', 'chart-scores', 'chart-loss', 'chart-surface']) {
      assert.ok(Number(await page.getByTestId(id).getAttribute('data-draws')) >= 2, id);
    }
  });
});

test('without ?bench there is no benchmark and no lr file fetch', async () => {
  await withApp({}, async ({ page }) => {
    const fetched = [];
    page.on('request', (r) => { if (r.url().includes('/bench/')) fetched.push(r.url()); });
    await page.waitForSelector('[data-testid="run-progress"][data-done="true"]');
    assert.equal(await page.getByTestId('bench-result').count(), 0);
    assert.deepEqual(fetched, []);
  });
});
