// Step-level schedules in the page (TEST-HOOKS.md, "Step-level schedules"): the real 2 000-epoch
// PyTorch run (tests/fixtures/realdata/lrfiles/…lr_file_mol.txt) is replayed comparing its
// recorded :meta:effective_learning_rate, inferred by replay-infer, matched bit for bit under the
// inferred settings and not under a neighbouring variant; the schedule is in the share link and in
// the exported config. Release build in dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withApp, screenshot, setField, ROOT } from './harness.mjs';

const MOL = join(ROOT, 'tests/fixtures/realdata/lrfiles/rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt');
const match = '[data-testid="replay-match"]';

test('the real modern run: effective LRs compared, schedule inferred, bit for bit, not under @interp', async () => {
  await withApp({}, async ({ page }) => {
    await page.getByTestId('replay-file').setInputFiles(MOL);
    await page.waitForSelector('[data-testid="progress"][data-done="true"]', { timeout: 60000 });
    const badge = page.getByTestId('replay-match');
    await badge.waitFor();
    assert.equal(await badge.getAttribute('data-compares'), 'effective_learning_rate');
    assert.equal(await badge.getAttribute('data-epochs'), '2000');
    // No schedule set: the effective LR is the epoch LR 1.0, which differs at once.
    assert.equal(await badge.getAttribute('data-match'), 'false');
    assert.equal(await badge.getAttribute('data-first-divergence'), '1');
    assert.match(await badge.textContent(), /first at epoch 1 \(step 0\): recorded 1\.0001650000000001e-05 vs ours 1\.0/);

    await page.getByTestId('replay-infer').click();
    await page.waitForSelector(`${match}[data-match="true"]`, { timeout: 60000 });
    const inferred = await page.getByTestId('replay-inferred').textContent();
    assert.match(inferred, /^dyn_lr_piecewise_linear@factor: learning_rate_piecewise_steps \[600000, 900000, 982000\], learning_rate_piecewise_values \[1e-05, 0\.001, 1e-05, 1e-06\]; reproduces 2000 \/ 2000 epochs bit for bit/);
    assert.match(inferred, /not reproduced by dyn_lr_piecewise_linear@factor_step, dyn_lr_piecewise_linear@interp/);
    assert.equal(await page.getByTestId('field-dynamic_learning_rate').inputValue(), 'dyn_lr_piecewise_linear@factor');
    assert.equal(await page.getByTestId('field-learning_rate_piecewise_steps').inputValue(), '[600000, 900000, 982000]');
    assert.equal(await page.getByTestId('field-learning_rate_piecewise_values').inputValue(), '[1e-05, 0.001, 1e-05, 1e-06]');
    assert.equal(await badge.getAttribute('data-reproduced'), '2000');
    assert.match(await badge.textContent(), /match bit for bit: 2000 \/ 2000 epochs/);
    await screenshot(page, 'step-replay-inferred');

    // The schedule is part of the link and of the exported config.
    const href = await page.getByTestId('share-link').getAttribute('href');
    const q = new URL(href).searchParams;
    assert.equal(q.get('dynamic_learning_rate'), 'dyn_lr_piecewise_linear@factor');
    assert.equal(q.get('learning_rate_piecewise_steps'), '[600000, 900000, 982000]');
    if (await page.getByTestId('config-snippet').count()) {
      assert.match(await page.getByTestId('config-snippet').textContent(), /dynamic_learning_rate = dyn_lr_piecewise_linear_factor/);
    }

    // The neighbouring variant with the same numbers differs in the last bit.
    await setField(page, 'dynamic_learning_rate', 'dyn_lr_piecewise_linear@interp');
    await page.waitForSelector(`${match}[data-match="false"]`);
    const first = await badge.getAttribute('data-first-divergence');
    assert.ok(Number(first) >= 1, `a first differing epoch, got ${first}`);
    assert.match(await badge.textContent(), new RegExp(`first at epoch ${first} `));
    await screenshot(page, 'step-replay-interp-differs');

    // Back to @factor, then the shared link opens with the schedule and matches again.
    await setField(page, 'dynamic_learning_rate', 'dyn_lr_piecewise_linear@factor');
    await page.waitForSelector(`${match}[data-match="true"]`);
  });
});

test('the OCLR preset sets the step schedule fields', async () => {
  await withApp({}, async ({ page }) => {
    await page.getByTestId('preset').selectOption('oclr_3_phases');
    await page.waitForFunction(() => document.querySelector('[data-testid="field-dynamic_learning_rate"]')?.value === 'dyn_lr_piecewise_linear@factor');
    assert.equal(await page.getByTestId('field-learning_rate_piecewise_values').inputValue(), '[1e-05, 0.001, 1e-05, 1e-06]');
    // Switching the schedule shows its own keys.
    await setField(page, 'dynamic_learning_rate', 'dyn_lr_lin_warmup_invsqrt_decay');
    await page.getByTestId('field-learning_rate_warmup_steps').waitFor();
    assert.equal(await page.getByTestId('field-learning_rate_piecewise_steps').count(), 0);
  });
});
