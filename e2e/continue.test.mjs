// "continue": with the box checked a field edit resumes after the last completed epoch (RETURNN
// restarted with the edited config), unchecked it re-runs from the start. Fails on any console
// error, page error or foreign request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, screenshot, setField, waitDone } from './harness.mjs';

const tid = (id) => `[data-testid="${id}"]`;
const rows = (page) => page.locator('[data-testid^="decision-row-"]').count();
const rowTexts = (page, n) => Promise.all(Array.from({ length: n }, (_, i) => page.getByTestId(`decision-row-${i + 1}`).textContent()));
const thresholdCell = (page, e) => page.locator(`${tid(`decision-row-${e}`)} td:nth-child(6)`).textContent();
const running = (page) => page.getByTestId('run-progress').getAttribute('data-running');

/** Reset, then step `k` epochs (paused afterwards). */
async function stepEpochs(page, k) {
  await page.getByTestId('reset').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="decision-row-"]').length === 0);
  for (let e = 1; e <= k; e++) {
    await page.getByTestId('step').click();
    await page.waitForSelector(tid(`decision-row-${e}`));
  }
  assert.equal(await rows(page), k);
  assert.equal(await running(page), 'false');
}

test('continue keeps the completed epochs and decides the rest with the edited threshold', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const k = 4;
    await stepEpochs(page, k);
    const before = await rowTexts(page, k);
    assert.equal(await page.getByTestId('continue').isChecked(), false, 'off by default');
    await page.getByTestId('continue').check();
    await setField(page, 'newbob_relative_error_threshold', '-0.3');
    await page.waitForSelector(tid('continue-note'));
    assert.match(await page.getByTestId('continue-note').textContent(), /continued after epoch 4/);
    assert.equal(await rows(page), k, 'the completed epochs stay');
    assert.deepEqual(await rowTexts(page, k), before, 'their decisions are unchanged');
    assert.equal(await running(page), 'false', 'a paused run stays paused');
    assert.match(await page.getByTestId('config-snippet').textContent(), /^newbob_relative_error_threshold = -0\.3$/m);

    await page.getByTestId('run').click();
    await waitDone(page);
    assert.equal(await rows(page), 30, 'the run continues to the end');
    assert.deepEqual(await rowTexts(page, k), before, 'epochs 1..k still as they ran');
    for (const e of [k + 2, 20, 30]) assert.equal(await thresholdCell(page, e), '-0.3', `epoch ${e} decided with the new threshold`);
    for (const e of [3, k]) assert.equal(await thresholdCell(page, e), '-0.01', `epoch ${e} was decided with the old one`);
    await screenshot(page, 'continue');
  });
});

test('unchecked, an edit restarts from epoch 1; a surface change cannot continue', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await stepEpochs(page, 3);
    await setField(page, 'newbob_relative_error_threshold', '-0.3');
    await waitDone(page);
    assert.equal(await rows(page), 30);
    assert.equal(await thresholdCell(page, 3), '-0.3', 'every epoch re-ran with the new threshold');
    assert.equal(await page.locator(tid('continue-note')).count(), 0);

    // checked, but the surface changes: restarted from the start, and the note says why
    await stepEpochs(page, 3);
    await page.getByTestId('continue').check();
    await setField(page, 'surface', 'rosenbrock');
    await page.waitForSelector(tid('continue-note'));
    assert.match(await page.getByTestId('continue-note').textContent(), /cannot continue.*surface.*restarted from the start/);
    await waitDone(page);
    // a new run on the new surface (SGD at 0.1 diverges on Rosenbrock within its first epoch)
    assert.ok(await rows(page) >= 1);
    assert.match(await page.getByTestId('run-progress').textContent(), /^epoch \d+ \/ 30/);
  });
});
