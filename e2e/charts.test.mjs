// Charts you can read (issue 13): the read-out under the pointer, a tap or the arrow keys on
// chart-lr, chart-scores, chart-loss and chart-replay (floats as Python writes them), a visible
// focus ring, the score axes' log option, and PNG exports at twice the shown size whatever the
// screen's pixel ratio. Release build in dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withApp, waitDone } from './harness.mjs';

const SCREENS = [
  { name: 'desktop', viewport: { width: 1440, height: 1000 } },
  { name: 'half', viewport: { width: 800, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, contextOptions: { hasTouch: true, isMobile: true } },
];
const readout = (page) => page.getByTestId('chart-readout').textContent();
// A Python float repr: 0.001, 1e-05, 2.5, 0.3333333333333333, inf.
const FLOAT = String.raw`-?(?:\d+\.\d+|\d+(?:\.\d+)?e[-+]\d\d+|inf|nan)`;

async function pointAt(page, testid, fx, fy = 0.5) {
  const box = await page.getByTestId(testid).boundingBox();
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
}

for (const screen of SCREENS) {
  test(`read-out on hover, tap and keys (${screen.name})`, async () => {
    await withApp({ viewport: screen.viewport, deviceScaleFactor: screen.deviceScaleFactor ?? 1, contextOptions: screen.contextOptions ?? {} }, async ({ page }) => {
      await waitDone(page);
      const lr = page.getByTestId('chart-lr');
      await lr.scrollIntoViewIfNeeded();
      if (screen.contextOptions?.hasTouch) {
        const box = await lr.boundingBox();
        await page.touchscreen.tap(box.x + box.width * 0.5, box.y + box.height * 0.5);
      } else {
        await pointAt(page, 'chart-lr', 0.5);
      }
      assert.match(await readout(page), new RegExp(`^epoch \\d+: learning rate ${FLOAT}`));
      assert.equal(await page.getByTestId('chart-readout').count(), 1, 'one read-out at a time');

      // Keyboard: Tab-focusable, Home = epoch 1, arrows step, End = the last epoch.
      await lr.focus();
      assert.equal(await lr.getAttribute('tabindex'), '0');
      await page.keyboard.press('Home');
      // Once keys are used on it, the focused chart shows its ring (also after a tap).
      const ring = await lr.evaluate((c) => getComputedStyle(c).outlineStyle);
      const first = await readout(page);
      assert.match(first, new RegExp(`^epoch 1: learning rate (${FLOAT})`));
      const lr1 = first.match(new RegExp(`learning rate (${FLOAT})`))[1];
      assert.equal(Number(lr1), Number(await page.getByTestId('field-learning_rate').inputValue()), 'epoch 1 runs at learning_rate');
      await page.keyboard.press('ArrowRight');
      assert.match(await readout(page), /^epoch 2: /);
      await page.keyboard.press('End');
      assert.match(await readout(page), /^epoch 30: /);
      await page.keyboard.press('Shift+ArrowLeft');
      assert.match(await readout(page), /^epoch 20: /);
      assert.notEqual(ring, 'none', 'a keyboard focus shows a ring');

      // The score and loss charts read out their values too.
      await page.getByTestId('chart-scores').focus();
      await page.keyboard.press('Home');
      assert.match(await readout(page), new RegExp(`^epoch 1: train ${FLOAT}, dev ${FLOAT}$`));
      assert.equal(await page.getByTestId('chart-readout').count(), 1);
      await page.getByTestId('chart-loss').focus();
      await page.keyboard.press('ArrowRight');
      assert.match(await readout(page), new RegExp(`^update 1 \\(epoch 1\\): loss ${FLOAT}$`));
      await page.keyboard.press('End');
      const last = await readout(page);
      assert.match(last, /^update \d+ \(epoch 30\): loss /, last);
      // Leaving the chart (blur) hides the read-out.
      await page.getByTestId('chart-loss').evaluate((c) => c.blur());
      assert.equal(await page.getByTestId('chart-readout').count(), 0);
    });
  });
}

test('the replay chart reads out the recorded and replayed LRs', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const file = "{1: EpochData(learningRate=0.1, error={'dev_score': 0.5}),\n 2: EpochData(learningRate=0.05, error={'dev_score': 0.25}),\n 3: EpochData(learningRate=0.05, error={'dev_score': 0.125})}";
    await page.getByTestId('replay-text').fill(file);
    await page.getByTestId('replay-load').click();
    await page.waitForSelector('[data-testid="chart-replay"][data-draws]:not([data-draws="0"])');
    await page.getByTestId('chart-replay').scrollIntoViewIfNeeded();
    await page.getByTestId('chart-replay').focus();
    await page.keyboard.press('End');
    assert.match(await readout(page), new RegExp(`^epoch 3: recorded 0\\.05, replayed ${FLOAT}$`));
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.match(await readout(page), /^epoch 1: recorded 0\.1, /);
  });
});

test('scores-log puts the score axis on a log scale and back', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const chart = page.getByTestId('chart-scores');
    const data = () => chart.evaluate((c) => c.toDataURL());
    const before = await data();
    // The box shows what the axis is (the default: log when the scores span a factor 10).
    const box = page.getByTestId('scores-log');
    const auto = await box.isChecked();
    await box.click();
    await page.waitForFunction((b) => document.querySelector('[data-testid="chart-scores"]').toDataURL() !== b, before);
    assert.equal(await box.isChecked(), !auto);
    await box.click();
    await page.waitForFunction((b) => document.querySelector('[data-testid="chart-scores"]').toDataURL() === b, before);
    assert.equal(await box.isChecked(), auto);
  });
});

/** Width and height of a PNG (its IHDR chunk). */
const pngSize = (bytes) => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];

for (const dsf of [1, 2]) {
  test(`PNG export is twice the shown size (device pixel ratio ${dsf})`, async () => {
    await withApp({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: dsf }, async ({ page }) => {
      await waitDone(page);
      for (const id of ['chart-lr', 'chart-surface']) {
        const [cw, ch] = await page.getByTestId(id).evaluate((c) => [c.clientWidth, c.clientHeight]);
        await page.getByTestId('png-chart').selectOption(id);
        const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-png').click()]);
        const bytes = await readFile(await png.path());
        assert.deepEqual(pngSize(bytes), [2 * cw, 2 * ch], id);
      }
      // The live chart still reads out after an export (its maps were drawn again).
      await page.getByTestId('chart-lr').focus();
      await page.keyboard.press('Home');
      assert.match(await readout(page), /^epoch 1: /);
    });
  });
}

test('heat-map cells by keyboard: arrows select, Enter loads; the colour bar is drawn', async () => {
  await withApp({ query: '?advanced=1' }, async ({ page }) => {
    await waitDone(page);
    const size = page.getByTestId('sweep-size');
    await size.fill('3');
    await size.press('Enter');
    await page.getByTestId('sweep-x').selectOption('learning_rate');
    await page.getByTestId('sweep-y').selectOption('newbob_learning_rate_decay');
    await page.getByTestId('sweep-run').click();
    await page.waitForSelector('[data-testid="progress"][data-what="sweep"][data-done="true"]', { timeout: 120000 });
    const keys = page.getByTestId('sweep-heatmap-keys');
    await keys.focus();
    await page.keyboard.press('ArrowRight');
    assert.match(await page.getByTestId('sweep-cell').textContent(), /learning_rate = /, 'the first cell is selected');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    const lrBefore = await page.getByTestId('field-learning_rate').inputValue();
    await page.keyboard.press('Enter');
    await page.waitForFunction((v) => document.querySelector('[data-testid="field-learning_rate"]').value !== v, lrBefore);
    const cell = await page.getByTestId('sweep-cell').textContent();
    const m = /^loaded learning_rate = (\S+), newbob_learning_rate_decay = (\S+): /.exec(cell);
    assert.ok(m, cell);
    assert.equal(Number(await page.getByTestId('field-learning_rate').inputValue()), Number(m[1]));
    // The colour bar right of the cells: a pixel column running from viridis' yellow (top) to its
    // dark end (bottom) through many shades (cells are blocks of a few colours).
    const bar = await page.getByTestId('sweep-heatmap').evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const near = (i, [r, g, b]) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 24;
      for (let x = Math.floor(c.width * 0.6); x < c.width; x++) {
        let firstYellow = -1, lastDark = -1;
        const shades = new Set();
        for (let y = 0; y < c.height; y++) {
          const i = (y * c.width + x) * 4;
          if (near(i, [253, 231, 37]) && firstYellow < 0) firstYellow = y;
          if (near(i, [68, 1, 84])) lastDark = y;
          shades.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
        }
        if (firstYellow >= 0 && lastDark > firstYellow && shades.size > 40) return x;
      }
      return -1;
    });
    assert.ok(bar >= 0, 'a colour bar column');
  });
});

test('zoom and pan: keys, Ctrl+wheel, drag and reset on a long run', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const lr = page.getByTestId('chart-lr');
    await lr.scrollIntoViewIfNeeded();
    await lr.focus();
    await page.keyboard.press('End');
    assert.match(await readout(page), /^epoch 30: /);
    // `+` zooms in around the cursor: Home then reads the window's first epoch, not 1.
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.getByTestId('chart-zoom-reset').waitFor();
    await page.keyboard.press('Home');
    assert.match(await readout(page), /^epoch 1: /, 'Home is still epoch 1 (the cursor keys span the run)');
    // The pointer reads the zoomed axis: the plot's left part is now late epochs.
    const box = await lr.boundingBox();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
    const zoomed = Number((await readout(page)).match(/^epoch (\d+)/)[1]);
    assert.ok(zoomed > 15, `epoch ${zoomed} at 20 % of a zoomed axis`);
    // A drag to the right shows earlier epochs.
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
    const panned = Number((await readout(page)).match(/^epoch (\d+)/)[1]);
    assert.ok(panned < zoomed, `after the drag epoch ${panned} < ${zoomed}`);
    // Reset: the whole run again.
    await page.getByTestId('chart-zoom-reset').click();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
    const whole = Number((await readout(page)).match(/^epoch (\d+)/)[1]);
    assert.ok(whole < 10, `epoch ${whole} at 20 % of the whole run`);
    assert.equal(await page.getByTestId('chart-zoom-reset').count(), 0);
    // Ctrl+wheel zooms too.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await page.getByTestId('chart-zoom-reset').waitFor();
  });
});
