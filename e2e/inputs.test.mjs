// The page's other inputs: a shared link's query and the form saved in localStorage. Whatever
// they hold, the page opens without a panic, shows each bad value's error at its field with the
// text kept as it was, and lists the keys it cannot use. (The same reader is run natively over the
// corpus tests/fixtures/bad/url/ by tests/url_inputs.rs; this checks the browser end of it.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, setField, waitDone, CHART_DRAWN } from './harness.mjs';

const tid = (id) => `[data-testid="${id}"]`;
const FIELDS = tid('field-learning_rate');

const value = (page, name) => page.getByTestId(`field-${name}`).inputValue();

test('a link with bad values opens with each error at its field, the text kept and unknown keys listed', async () => {
  const params = new URLSearchParams([
    ['learning_rate_control', 'newbob'], ['learning_rate', 'abc'], ['optimizer-class', 'adam'],
    ['optimizer-betas', '(0.9,)'], ['bogus key', '1'], ['seed', '1.5'],
  ]);
  // `%FF` is not UTF-8: it becomes U+FFFD in the field, as URLSearchParams reads it.
  const query = `?${params}&dev_noise=%FF`;
  await withApp({ query, ready: tid('error-learning_rate') }, async ({ page }) => {
    for (const name of ['learning_rate', 'optimizer-betas', 'seed', 'dev_noise']) {
      await page.waitForSelector(tid(`error-${name}`));
      assert.ok((await page.getByTestId(`error-${name}`).textContent()).length > 5, `${name} explains its error`);
    }
    assert.equal(await value(page, 'learning_rate'), 'abc');
    assert.equal(await value(page, 'optimizer-betas'), '(0.9,)');
    assert.equal(await value(page, 'seed'), '1.5');
    assert.equal(await value(page, 'dev_noise'), '\uFFFD');
    assert.match(await page.getByTestId('link-ignored').textContent(), /bogus key/);
    // Fixing the values starts the run.
    await setField(page, 'learning_rate', '0.1');
    await setField(page, 'optimizer-betas', '(0.9, 0.99)');
    await setField(page, 'seed', '3');
    await setField(page, 'dev_noise', '0.0');
    await page.waitForSelector(CHART_DRAWN);
    await waitDone(page);
    assert.equal(await page.locator('[data-testid^="error-"]').count(), 0);
  });
});

test('a saved form with bad values or garbage opens without a panic', async () => {
  await withApp({}, async ({ page, server }) => {
    await waitDone(page);
    // A saved form with a bad value and an unknown key: it is used (there is no link), errors shown.
    await page.evaluate(() => localStorage.setItem('schedule-explorer.form',
      '?learning_rate_control=newbob&num_epochs=%5B%5B%5B&zzz=1&learning_rate=0.25'));
    await page.goto(server.url);
    await page.waitForSelector(tid('error-num_epochs'));
    assert.equal(await value(page, 'num_epochs'), '[[[');
    assert.equal(await value(page, 'learning_rate'), '0.25');
    assert.match(await page.getByTestId('link-ignored').textContent(), /zzz/);
    // Garbage (a NUL, a lone surrogate, no `=`): the preset opens and the garbage is listed.
    await page.evaluate(() => localStorage.setItem('schedule-explorer.form', '\u0000\ud800%'));
    await page.goto(server.url);
    await page.waitForSelector(CHART_DRAWN);
    await waitDone(page);
    assert.equal(await page.locator('[data-testid^="error-"]').count(), 0);
    assert.equal(await page.getByTestId('link-ignored').count(), 1);
    assert.equal(await value(page, 'learning_rate'), '0.1', 'the classic newbob preset');
  });
});

test('any text survives the link byte for byte, as URLSearchParams reads it', async () => {
  const typed = "[0.1, 'é+&=%#?\u00a0 \u{1F600}']";
  let url;
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await setField(page, 'learning_rates', typed);
    await page.waitForFunction((t) => new URL(location.href).searchParams.get('learning_rates') === t, typed);
    url = new URL(page.url());
  });
  await withApp({ query: url.search, ready: FIELDS }, async ({ page }) => {
    assert.equal(await value(page, 'learning_rates'), typed);
  });
});
