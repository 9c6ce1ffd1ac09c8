// End-to-end tests of the app through its stable data-testid hooks (e2e/../TEST-HOOKS).
// Each test serves dist/ locally, drives headless Chromium, and fails on any console error,
// page error or request that leaves the local server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withApp, screenshot, setField, waitDone, countPixels, ROOT, SHOTS } from './harness.mjs';

const LR = [0x2c, 0x3e, 0x50];
const OVERLAY = [0xff, 0x7f, 0x0e];
const START = [0xff, 0x00, 0xff];

const tid = (id) => `[data-testid="${id}"]`;

const text = (page, id) => page.getByTestId(id).textContent();
const rows = (page) => page.locator('[data-testid^="decision-row-"]').count();
const canvasData = (page, id) => page.getByTestId(id).evaluate((c) => c.toDataURL());

test('editing a field re-runs from the start: charts, snippet and table follow', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const before = await canvasData(page, 'chart-lr');
    await setField(page, 'learning_rate', '0.05');
    await waitDone(page);
    assert.match(await text(page, 'config-snippet'), /^learning_rate = 0\.05$/m);
    assert.notEqual(await canvasData(page, 'chart-lr'), before, 'the LR chart was redrawn');
    assert.ok(await countPixels(page, 'chart-lr', LR) > 100, 'the LR staircase is drawn');
    assert.equal(await rows(page), 30);
    await screenshot(page, 'field-change');
  });
});

test('a bad value shows its error next to the field, keeps the text and the last good run', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const snippet = await text(page, 'config-snippet');
    const chart = await canvasData(page, 'chart-lr');
    assert.equal(await page.locator(tid('error-learning_rate')).count(), 0);
    await setField(page, 'learning_rate', '0.1.2');
    await page.waitForSelector(tid('error-learning_rate'));
    assert.ok((await text(page, 'error-learning_rate')).length > 5);
    assert.equal(await page.getByTestId('field-learning_rate').inputValue(), '0.1.2', 'nothing typed is discarded');
    assert.equal(await text(page, 'config-snippet'), snippet, 'the last good run stays');
    assert.equal(await canvasData(page, 'chart-lr'), chart);
    assert.equal(await rows(page), 30);
    // an int learning rate is accepted by the form but is a RETURNN trap: a warning at the field,
    // and the run stops where RETURNN would raise
    await setField(page, 'learning_rate', '1');
    await page.waitForSelector(tid('error-learning_rate'), { state: 'detached' });
    await page.waitForSelector(tid('warning-learning_rate'));
    assert.match(await text(page, 'warning-learning_rate'), /int/);
    assert.match(await text(page, 'run-error'), /TypeError/);
    await setField(page, 'learning_rate', '0.02');
    await page.waitForSelector(tid('warning-learning_rate'), { state: 'detached' });
    // a type RETURNN rejects is named at its field too
    await setField(page, 'min_learning_rate', "'x'");
    await page.waitForSelector(tid('error-min_learning_rate'));
    await screenshot(page, 'field-error');
    await setField(page, 'min_learning_rate', '');
    await page.waitForSelector(tid('error-min_learning_rate'), { state: 'detached' });
    await waitDone(page);
    assert.match(await text(page, 'config-snippet'), /^learning_rate = 0\.02$/m);
  });
});

test('scheme and optimizer selects switch the fields they own', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    assert.equal(await page.locator(tid('field-newbob_multi_num_epochs')).count(), 0);
    await setField(page, 'learning_rate_control', 'newbob_multi_epoch');
    await page.waitForSelector(tid('field-newbob_multi_num_epochs'));
    await setField(page, 'newbob_multi_num_epochs', '3');
    await waitDone(page);
    const s = await text(page, 'config-snippet');
    assert.match(s, /^learning_rate_control = 'newbob_multi_epoch'$/m);
    assert.match(s, /^newbob_multi_num_epochs = 3$/m);

    await setField(page, 'optimizer-class', 'adam');
    await page.waitForSelector(tid('field-optimizer-betas'));
    assert.equal(await page.getByTestId('field-optimizer-betas').getAttribute('placeholder'), '(0.9, 0.999)');
    await setField(page, 'optimizer-eps', '1e-06');
    await waitDone(page);
    assert.match(await text(page, 'config-snippet'), /^optimizer = \{'class': 'adam', 'eps': 1e-06\}$/m);
    await setField(page, 'optimizer-betas', '(1.5, 0.999)');
    await page.waitForSelector(tid('error-optimizer-betas'));
    await setField(page, 'optimizer-betas', '');
    await page.waitForSelector(tid('error-optimizer-betas'), { state: 'detached' });
    await setField(page, 'optimizer-class', 'sgd');
    await page.waitForSelector(tid('field-optimizer-momentum'));
    assert.equal(await page.locator(tid('field-optimizer-betas')).count(), 0);
  });
});

test('run, pause, step and reset drive the frame loop', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await page.getByTestId('reset').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="decision-row-"]').length === 0);
    await page.getByTestId('step').click();
    await page.waitForSelector(tid('decision-row-1'));
    assert.equal(await rows(page), 1, 'one step = one epoch');
    await page.getByTestId('step').click();
    await page.waitForSelector(tid('decision-row-2'));
    assert.equal(await rows(page), 2);
    // a slow run can be paused mid-way
    await page.getByTestId('speed').fill('1');
    await page.getByTestId('run').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="decision-row-"]').length >= 3);
    await page.getByTestId('pause').click();
    const paused = await rows(page);
    await page.waitForTimeout(300);
    assert.equal(await rows(page), paused, 'nothing advances while paused');
    assert.ok(paused < 30);
    assert.equal(await page.getByTestId('run-progress').getAttribute('data-running'), 'false');
    await page.getByTestId('speed').fill('500');
    await page.getByTestId('run').click();
    await waitDone(page);
    assert.equal(await rows(page), 30);
    // a finished run starts over when run again
    await page.getByTestId('speed').fill('1');
    await page.getByTestId('run').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="decision-row-"]').length < 30);
    await page.getByTestId('pause').click();
    await page.getByTestId('reset').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="decision-row-"]').length === 0);
    assert.match(await text(page, 'run-progress'), /epoch 0 \/ 30/);
  });
});

test('clicking a decision row explains that epoch with its numbers', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await page.getByTestId('decision-row-5').click();
    const e = await text(page, 'explain');
    assert.match(e, /^epoch 5\b/);
    assert.match(e, /\d\.\d/, 'numbers of the decision');
  });
});

test('scores-only mode runs the LR control on typed dev scores', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await page.getByTestId('mode-scores').check();
    await page.waitForSelector(tid('scores-input'));
    await page.getByTestId('scores-input').fill('3.0\n2.5\n2.4\n2.39\n2.385\n2.6');
    await page.getByTestId('scores-input').evaluate((e) => e.blur());
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="decision-row-"]').length === 6);
    await waitDone(page);
    // newbob (relative, threshold -0.01, decay 0.5) at learning_rate 0.1: epoch 5 decays (2.39 -> 2.385 is > -1 %)
    const table = await text(page, 'decision-table');
    assert.match(table, /decay/);
    await page.getByTestId('decision-row-5').click();
    assert.match(await text(page, 'explain'), /epoch 5/);
    assert.match(await text(page, 'config-snippet'), /scores-only mode \(6 given dev scores\)/);
    await page.getByTestId('scores-input').fill('3.0, oops');
    await page.getByTestId('scores-input').evaluate((e) => e.blur());
    await page.waitForSelector(tid('error-scores-input'));
    assert.equal(await rows(page), 6, 'the last good run stays');
  });
});

test('import a config snippet: fields update, skipped lines are reported', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const config = [
      '#!rnn.py',
      'import os',
      'learning_rate_control = "newbob_abs"',
      'learning_rate = 0.008',
      'newbob_error_threshold = -0.02',
      'optimizer = {"class": "adamw", "weight_decay": 0.05}',
      'model_dim = compute_dim()',
      'num_epochs = 12',
    ].join('\n');
    await page.getByTestId('import-config').fill(config);
    await page.getByTestId('import-config-apply').click();
    await waitDone(page);
    assert.equal(await page.getByTestId('field-learning_rate').inputValue(), '0.008');
    assert.equal(await page.getByTestId('field-learning_rate_control').inputValue(), 'newbob_abs');
    assert.equal(await page.getByTestId('field-newbob_error_threshold').inputValue(), '-0.02');
    assert.equal(await page.getByTestId('field-optimizer-class').inputValue(), 'adamw');
    assert.equal(await page.getByTestId('field-optimizer-weight_decay').inputValue(), '0.05');
    assert.equal(await rows(page), 12);
    const report = await text(page, 'import-report');
    assert.match(report, /line 2/, 'the import statement is listed');
    assert.match(report, /line 7/, 'the non-literal line is listed');
    const s = await text(page, 'config-snippet');
    assert.match(s, /^learning_rate_control = 'newbob_abs'$/m);
    assert.match(s, /^optimizer = \{'class': 'adamw', 'weight_decay': 0\.05\}$/m);
  });
});

const LRFILE = 'tests/fixtures/realdata/lrfiles/rwth-i6_returnn-experiments_2016-seqtrain-paper__sequence-training__training-scores__mmi.bs-setup.nopc.scores';

test('import a learning_rate_file: its dev scores drive scores-only mode, its LRs are overlaid', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const lrfile = await readFile(join(ROOT, LRFILE), 'utf8');
    await page.getByTestId('import-lrfile').fill(lrfile);
    await page.getByTestId('import-lrfile-apply').click();
    // The default run has 30 epochs too: wait for the file's replay (read in slices per frame),
    // not for any 30 rows.
    await page.waitForSelector('[data-testid="replay-match"][data-epochs="30"]');
    await page.waitForSelector('[data-testid="mode-scores"]:checked');
    await waitDone(page);
    const scores = await page.getByTestId('scores-input').inputValue();
    assert.equal(scores.split('\n')[0], '0.7485170880882975', 'epoch 1 dev_score, Python repr');
    assert.equal(await page.getByTestId('field-learning_rate').inputValue(), '0.0001');
    assert.match(await text(page, 'import-report'), /dev_score/);
    assert.ok(await countPixels(page, 'chart-lr', OVERLAY) > 50, 'the recorded LRs are drawn');
    await screenshot(page, 'lrfile-import');
  });
});

test('import a learning_rate_file through the file picker or by dropping it', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await page.getByTestId('import-lrfile-file').setInputFiles(join(ROOT, LRFILE));
    // One way in: the file is read (in slices) and replayed, as from the replay panel.
    await page.waitForSelector('[data-testid="replay-match"][data-epochs="30"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="decision-row-"]').length === 30);
    assert.ok(await page.getByTestId('mode-scores').isChecked());
    assert.equal(await page.getByTestId('replay-match').getAttribute('data-match'), 'false', 'default settings do not reproduce the seqtrain run');
    const small = '{1: EpochData(learningRate=0.5, error={"dev_score": 2.0}), 2: EpochData(learningRate=0.5, error={"dev_score": 1.99})}';
    const dt = await page.evaluateHandle((text) => {
      const d = new DataTransfer();
      d.items.add(new File([text], 'learning_rates', { type: 'text/plain' }));
      return d;
    }, small);
    await page.getByTestId('import-lrfile').dispatchEvent('drop', { dataTransfer: dt });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="decision-row-"]').length === 2);
    assert.equal(await page.getByTestId('scores-input').inputValue(), '2.0\n1.99');
  });
});

test('downloads: config equals the snippet, learning_rate_file and CSV have the run', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const read = async (id) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
      return readFile(await dl.path(), 'utf8');
    };
    assert.equal(await read('download-config'), await text(page, 'config-snippet'));
    const lrfile = await read('download-lrfile');
    assert.match(lrfile, /^\{\n1: EpochData\(learningRate=0\.1, error=\{/);
    assert.match(lrfile, /30: EpochData\(/);
    const csv = (await read('download-csv')).trim().split('\n');
    assert.equal(csv[0], 'epoch,learning_rate,train_score,dev_score,dev_error,updates,complete,verdict,explanation', 'the one CSV writer (as simulate --csv)');
    assert.equal(csv.length, 31);
    await page.getByTestId('copy-config').click();
  });
});

test('clicking the surface sets the start point', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await setField(page, 'surface', 'rosenbrock');
    await waitDone(page);
    const c = page.getByTestId('chart-surface');
    const box = await c.boundingBox();
    await c.click({ position: { x: box.width * 0.3, y: box.height * 0.4 } });
    await page.waitForFunction(() => document.querySelector('[data-testid="field-start_x"]').value !== '');
    const x = Number(await page.getByTestId('field-start_x').inputValue());
    const y = Number(await page.getByTestId('field-start_y').inputValue());
    assert.ok(x > -2 && x < 0 && y > -1 && y < 3, `start (${x}, ${y}) in the left part of Rosenbrock's box`);
    await waitDone(page);
    assert.ok(await countPixels(page, 'chart-surface', START) > 20, 'start point drawn');
  });
});

test('settings live in the URL: a link reproduces the run', async () => {
  let url;
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await setField(page, 'learning_rate', '0.07');
    await setField(page, 'num_epochs', '12');
    await waitDone(page);
    url = new URL(page.url());
    assert.equal(url.searchParams.get('learning_rate'), '0.07');
  });
  await withApp({ query: url.search }, async ({ page }) => {
    await waitDone(page);
    assert.equal(await page.getByTestId('field-learning_rate').inputValue(), '0.07');
    assert.equal(await rows(page), 12);
  });
});

test('charts are crisp on high-DPI screens', async () => {
  await withApp({ deviceScaleFactor: 2 }, async ({ page }) => {
    await waitDone(page);
    const [w, cw] = await page.getByTestId('chart-lr').evaluate((c) => [c.width, c.clientWidth]);
    assert.equal(w, cw * 2);
    assert.ok(await countPixels(page, 'chart-lr', LR) > 400);
  });
});

test('the README screenshot shows the current app', async () => {
  await withApp({ viewport: { width: 1440, height: 1020 } }, async ({ page }) => {
    await waitDone(page);
    await page.getByTestId('decision-row-19').click();
    // The click scrolls the row into view; the README shows the top of the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    await screenshot(page, 'app', { fullPage: false });
    if (process.env.UPDATE_SCREENSHOT) await copyFile(join(SHOTS, 'app.png'), join(ROOT, 'docs', 'screenshot.png'));
  });
});

test('a learning_rate_file dropped anywhere on the page lands in the replay panel, like every other way in', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const file = await readFile(join(ROOT, LRFILE), 'utf8');
    const drop = async (selector, body, name) => {
      const dt = await page.evaluateHandle(([t, n]) => {
        const d = new DataTransfer();
        d.items.add(new File([t], n, { type: 'text/plain' }));
        return d;
      }, [body, name]);
      await page.locator(selector).first().dispatchEvent('dragover', { dataTransfer: dt });
      await page.locator(selector).first().dispatchEvent('drop', { dataTransfer: dt });
    };
    // On the page's title, far from any dropzone.
    await drop('header h1', file, 'seqtrain.learning_rates');
    await page.waitForSelector('[data-testid="replay-match"][data-epochs="30"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="decision-row-"]').length === 30);
    assert.ok(await page.getByTestId('mode-scores').isChecked(), 'its scores drive the LR control');
    // A file that is not one clears the view and says why, wherever it was dropped.
    await drop('[data-testid="chart-lr"]', 'not a learning_rate_file', 'notes.txt');
    await page.waitForSelector('[data-testid="replay-error"]');
    assert.equal(await page.getByTestId('replay-match').count(), 0, 'no stale match badge');
  });
});

test('import evaluates expressions and says from what; a file RETURNN rejects is offered to import anyway', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    const evaluated = [
      'import numpy',
      'learning_rate_control = "newbob"',
      'learning_rate = 0.0008',
      'learning_rates = list(numpy.linspace(0.0003, learning_rate, num=15))',
      'min_learning_rate = learning_rate / 50.',
      'num_epochs = 150 + 300 + 6',
    ].join('\n');
    await page.getByTestId('import-config').fill(evaluated);
    await page.getByTestId('import-config-apply').click();
    await waitDone(page);
    const report = await text(page, 'import-report');
    assert.match(report, /`learning_rates` = 15 values from `list\(numpy\.linspace\(0\.0003, learning_rate, num=15\)\)`, line 4/);
    assert.match(report, /`min_learning_rate` = 1\.6e-05 from `learning_rate \/ 50\.`, line 5/);
    assert.equal(await page.getByTestId('field-min_learning_rate').inputValue(), '1.6e-05');
    assert.equal(await page.getByTestId('field-num_epochs').inputValue(), '456');
    assert.equal(await page.getByTestId('import-config-anyway').count(), 0, 'no offer for a file RETURNN reads');

    // A Python-2 print: RETURNN raises SyntaxError; nothing is applied until the user asks.
    await page.getByTestId('import-config').fill('#!rnn.py\nlearning_rate = 0.005\nprint "starting"\nnum_epochs = 7\n');
    await page.getByTestId('import-config-apply').click();
    await page.waitForSelector('[data-testid="import-config-anyway"]');
    assert.match(await text(page, 'import-report'), /not read: .*line 3/);
    assert.equal(await page.getByTestId('field-learning_rate').inputValue(), '0.0008', 'the rejected file changed nothing');
    await page.getByTestId('import-config-anyway').click();
    await waitDone(page);
    assert.equal(await page.getByTestId('field-learning_rate').inputValue(), '0.005');
    assert.equal(await page.getByTestId('field-num_epochs').inputValue(), '7');
    assert.match(await text(page, 'import-report'), /RETURNN itself would reject this file/);
    assert.equal(await page.getByTestId('import-config-anyway').count(), 0, 'the offer goes once taken');
  });
});
