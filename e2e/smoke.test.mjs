import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, screenshot, waitDone } from './harness.mjs';

test('the app mounts, runs to the end and draws all charts without errors', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    for (const id of ['chart-lr', 'chart-scores', 'chart-loss', 'chart-surface']) {
      assert.ok(Number(await page.getByTestId(id).getAttribute('data-draws')) >= 1, id);
    }
    await screenshot(page, 'smoke');
  });
});
