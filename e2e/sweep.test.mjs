// The sweep runs in Web Workers (src/ui/sweep_workers.rs, sweep-worker.js): dedicated workers
// are started, the heat-map fills progressively while the main thread keeps drawing frames, a
// clicked cell's outcome equals the same settings run again on the main thread, and a worker
// that cannot load is an error in the panel. Release build in dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { open, withApp, setField, waitDone } from './harness.mjs';

/** Starts counting animation frames, long tasks and the sweep progress texts in the page. */
async function watchMainThread(page) {
  await page.evaluate(() => {
    const w = window;
    w.__frames = 0;
    w.__maxGap = 0;
    w.__longTasks = [];
    w.__progressTexts = [];
    let last = performance.now();
    const frame = (t) => {
      w.__frames++;
      w.__maxGap = Math.max(w.__maxGap, t - last);
      last = t;
      if (!w.__stopFrames) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push([Math.round(e.startTime - (w.__t0 ?? 0)), Math.round(e.duration)]);
    }).observe({ type: 'longtask' });
    const el = document.querySelector('[data-testid="sweep-progress"]');
    new MutationObserver(() => w.__progressTexts.push(el.textContent + ' @' + Math.round(performance.now() - (w.__t0 ?? 0)))).observe(el, { childList: true, subtree: true, characterData: true });
  });
}

async function setSize(page, n) {
  const size = page.getByTestId('sweep-size');
  await size.fill(n);
  await size.press('Enter');
  await size.evaluate((e) => e.blur());
}

async function sweepDone(page) {
  await page.waitForSelector('[data-testid="progress"][data-what="sweep"][data-done="true"]', { timeout: 120000 });
}

test('sweep: Web Workers fill the heat-map, the page stays responsive, a cell equals its main-thread run', async () => {
  await withApp({}, async ({ page }) => {
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    // Heavier cells than the default (30 epochs x 300 updates each) so the sweep takes a while.
    await page.getByTestId('speed').fill('500');
    await setField(page, 'steps_per_epoch', '300');
    await waitDone(page);
    await page.getByTestId('sweep-x').selectOption('learning_rate');
    await page.getByTestId('sweep-y').selectOption('newbob_learning_rate_decay');
    await page.getByTestId('sweep-outcome').selectOption('final_dev_score');
    await watchMainThread(page);
    const drawsBefore = Number(await page.getByTestId('sweep-heatmap').getAttribute('data-draws'));
    const t0 = Date.now();
    await page.evaluate(() => { window.__t0 = performance.now(); });
    await page.getByTestId('sweep-run').click();
    await sweepDone(page);
    const seconds = (Date.now() - t0) / 1000;
    const watched = await page.evaluate(() => {
      window.__stopFrames = true;
      return { frames: window.__frames, maxGap: window.__maxGap, longTasks: window.__longTasks, texts: window.__progressTexts };
    });

    // Dedicated workers ran the sweep (at least 2, at most 4), all from the worker script.
    assert.ok(workers.length >= 2 && workers.length <= 4, `workers: ${workers}`);
    for (const url of workers) assert.match(url, /\/sweep-worker\.js$/);

    // Progress went up step by step to the total, and the heat-map was drawn on the way.
    const counts = watched.texts.map((t) => /^(\d+) \/ (\d+) cells/.exec(t)).filter(Boolean).map((m) => [Number(m[1]), Number(m[2])]);
    assert.ok(counts.every(([, total]) => total === 81), watched.texts.join(' | '));
    const done = counts.map(([d]) => d);
    assert.ok(done.some((d) => d > 0 && d < 81), `no intermediate progress: ${done}`);
    assert.deepEqual(done, [...done].sort((a, b) => a - b), 'progress never goes back');
    assert.match(await page.getByTestId('sweep-progress').textContent(), /^81 \/ 81 cells — done$/);
    const draws = Number(await page.getByTestId('sweep-heatmap').getAttribute('data-draws')) - drawsBefore;
    assert.ok(draws >= 3, `heat-map draws during the sweep: ${draws}`);

    // The main thread kept running frames: no long task over 200 ms, frames kept coming.
    assert.deepEqual(watched.longTasks.filter(([, d]) => d > 200), [], `long tasks: ${watched.longTasks}`);
    assert.ok(watched.frames >= seconds * 10, `${watched.frames} frames in ${seconds} s`);

    // Click a cell: its settings load and the main run (the main thread, no worker) runs them
    // again; its final dev score is the cell's, bit for bit.
    await page.getByTestId('sweep-heatmap').scrollIntoViewIfNeeded();
    const hb = await page.getByTestId('sweep-heatmap').boundingBox();
    const lrBefore = await page.getByTestId('field-learning_rate').inputValue();
    await page.mouse.click(hb.x + hb.width * 0.3, hb.y + hb.height * 0.3);
    await page.waitForFunction((v) => document.querySelector('[data-testid="field-learning_rate"]').value !== v, lrBefore);
    const cell = await page.getByTestId('sweep-cell').textContent();
    const m = /^loaded learning_rate = (\S+), newbob_learning_rate_decay = (\S+): final dev score = (\S+) \((\d+) epochs\)$/.exec(cell);
    assert.ok(m, cell);
    assert.equal(Number(await page.getByTestId('field-learning_rate').inputValue()), Number(m[1]));
    assert.equal(Number(await page.getByTestId('field-newbob_learning_rate_decay').inputValue()), Number(m[2]));
    await waitDone(page);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
    const run = JSON.parse(await readFile(await json.path(), 'utf8'));
    assert.equal(run.epochs.length, Number(m[4]));
    assert.equal(run.epochs.at(-1).dev_score, Number(m[3]), `main-thread run ${run.epochs.at(-1).dev_score} vs cell ${m[3]}`);

    // A second sweep reuses the workers (none is started while they are idle).
    const before = workers.length;
    await page.getByTestId('sweep-outcome').selectOption('num_decays');
    await page.getByTestId('sweep-run').click();
    await sweepDone(page);
    assert.equal(workers.length, before, `workers: ${workers}`);
  });
});

test('sweep: a new sweep cancels the running one, no stale cell is shown', async () => {
  await withApp({ query: '?advanced=1' }, async ({ page }) => {
    const closed = [];
    page.on('worker', (w) => w.on('close', () => closed.push(w.url())));
    await setField(page, 'steps_per_epoch', '300');
    await setSize(page, '25');
    await page.getByTestId('sweep-x').selectOption('learning_rate');
    await page.getByTestId('sweep-outcome').selectOption('final_dev_score');
    await page.getByTestId('sweep-run').click();
    await page.waitForFunction(() => /^[1-9]\d* \/ 625 cells$/.test(document.querySelector('[data-testid="sweep-progress"]').textContent));
    // The second sweep (another size and axis) replaces the first before it finished.
    await setSize(page, '3');
    await page.getByTestId('sweep-x').selectOption('min_learning_rate');
    await page.getByTestId('sweep-run').click();
    await sweepDone(page);
    // The workers busy with the first sweep were terminated (idle ones are kept).
    assert.ok(closed.length >= 1, 'no worker was terminated');
    assert.match(await page.getByTestId('sweep-progress').textContent(), /^9 \/ 9 cells — done$/);
    // Stay a while: results of the cancelled sweep never arrive.
    await page.waitForTimeout(1500);
    assert.match(await page.getByTestId('sweep-progress').textContent(), /^9 \/ 9 cells — done$/);
    await page.getByTestId('sweep-heatmap').scrollIntoViewIfNeeded();
    const hb = await page.getByTestId('sweep-heatmap').boundingBox();
    await page.mouse.click(hb.x + hb.width * 0.5, hb.y + hb.height * 0.5);
    await page.waitForFunction(() => /^loaded min_learning_rate = /.test(document.querySelector('[data-testid="sweep-cell"]').textContent));
    // The cell shown is the second sweep's: its values are the ones loaded into the form.
    const m = /^loaded min_learning_rate = (\S+), newbob_learning_rate_decay = (\S+): /.exec(await page.getByTestId('sweep-cell').textContent());
    assert.equal(Number(await page.getByTestId('field-min_learning_rate').inputValue()), Number(m[1]));
    assert.equal(Number(await page.getByTestId('field-newbob_learning_rate_decay').inputValue()), Number(m[2]));
    assert.equal(await page.getByTestId('sweep-error').count(), 0);
  });
});

test('sweep: a worker that cannot load is an error in the panel', async () => {
  const { page, problems, close } = await open();
  try {
    await page.route('**/sweep-worker.js', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' }));
    await page.getByTestId('sweep-run').click();
    const error = page.getByTestId('sweep-error');
    await error.waitFor();
    assert.match(await error.textContent(), /the sweep stopped: a sweep worker failed: sweep-worker\.js could not be loaded/);
    await page.waitForSelector('[data-testid="progress"][data-what="sweep"][data-done="true"]');
    assert.match(await page.getByTestId('sweep-progress').textContent(), /^0 \/ 81 cells — done$/);
    // Only the 404 itself is reported by the browser.
    assert.ok(problems.every((p) => /404|Failed to load/.test(p)), problems.join('\n'));
  } finally {
    await close();
  }
});
