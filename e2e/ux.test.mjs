// Everyday use you can trust (issue 13): a snippet that assigns only what was set or imported,
// imports that replace (or merge when asked), the decision table paged to the last epoch of a
// 2 000-epoch file, float('inf') in the fields, a page that fits a phone and a half screen, and
// dark mode. Release build in dist/. Screenshots go to /tmp/ux-shots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';
import { withApp, setField, waitDone, CHART_DRAWN, ROOT } from './harness.mjs';

const MOL = join(ROOT, 'tests/fixtures/realdata/lrfiles/rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt');
const SHOTS = '/tmp/ux-shots';
const text = (page, id) => page.getByTestId(id).textContent();

const FIRST = [
  "learning_rate_control = 'newbob_multi_epoch'",
  'learning_rate = 0.001',
  'learning_rates = [0.0001, 0.0004, 0.001]',
  'min_learning_rate = 1e-05',
  'newbob_multi_num_epochs = 20',
  'accum_grad_multiple_step = 2',
  'num_epochs = 25',
  "optimizer = {'class': 'adam', 'epsilon': 1e-08}",
].join('\n');
const SECOND = "learning_rate_control = 'newbob'\nlearning_rate = 0.05\n";

async function importConfig(page, config, mode) {
  if (mode) await page.getByTestId('import-mode').selectOption(mode);
  await page.getByTestId('import-config').fill(config);
  await page.getByTestId('import-config-apply').click();
  await waitDone(page);
}

test('the snippet assigns only what was set; other frameworks build the chosen optimizer', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    let s = await text(page, 'config-snippet');
    assert.match(s, /^# contains: LR control only$/m, s);
    assert.doesNotMatch(s, /^optimizer = /m, 'the simulator\'s SGD is not imposed on a real config');
    assert.doesNotMatch(s, /^num_epochs = /m, 'the simulator\'s run length is not imposed either');
    assert.equal(s.split('\n').filter((l) => l.startsWith('# not in the RETURNN config')).length, 1, 'one comment line for the simulator');
    assert.match(await text(page, 'framework-snippet'), /no optimizer was chosen or imported/);
    // num_epochs only when set for the config.
    await page.getByTestId('snippet-num_epochs').check();
    await waitDone(page);
    assert.match(await text(page, 'config-snippet'), /^num_epochs = 30$/m);
    assert.match(await text(page, 'config-snippet'), /^# contains: LR control \+ num_epochs$/m);
    await page.getByTestId('snippet-num_epochs').uncheck();
    await waitDone(page);
    assert.doesNotMatch(await text(page, 'config-snippet'), /^num_epochs = /m);
    assert.doesNotMatch(await text(page, 'framework-snippet'), /AdamW/);

    await setField(page, 'optimizer-class', 'adam');
    await waitDone(page);
    s = await text(page, 'config-snippet');
    assert.match(s, /^# contains: LR control \+ optimizer$/m, s);
    assert.match(s, /^optimizer = \{'class': 'adam'\}$/m, s);
    const fw = async (name) => { await page.getByTestId('framework-select').selectOption(name); return text(page, 'framework-snippet'); };
    assert.match(await fw('pytorch'), /optimizer = torch\.optim\.Adam\(model\.parameters\(\), lr=/);
    assert.match(await fw('speechbrain'), /optimizer = torch\.optim\.Adam\(model\.parameters\(\), lr=/);
    assert.match(await fw('keras'), /optimizer = keras\.optimizers\.Adam\(learning_rate=/);
    assert.match(await fw('optax'), /optax\.inject_hyperparams\(optax\.adam\)\(learning_rate=learning_rate\)/);
  });
});

test('an import replaces by default, merge keeps the rest and lists it, the preset box says custom', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    assert.equal(await page.getByTestId('import-mode').inputValue(), 'replace');
    await importConfig(page, FIRST);
    let s = await text(page, 'config-snippet');
    assert.match(s, /^num_epochs = 25$/m, 'an imported num_epochs is written');
    assert.match(s, /^optimizer = \{'class': 'adam', 'eps': 1e-08\}$/m, s);
    assert.equal(await page.getByTestId('preset').inputValue(), 'custom');

    await importConfig(page, SECOND);
    s = await text(page, 'config-snippet');
    for (const gone of ['learning_rates', 'min_learning_rate', 'newbob_multi_num_epochs', 'accum_grad_multiple_step', 'optimizer', 'num_epochs']) {
      assert.doesNotMatch(s, new RegExp(`^${gone} = `, 'm'), `${gone} of the first config is gone:\n${s}`);
    }
    assert.match(s, /^learning_rate = 0\.05$/m);
    assert.match(await text(page, 'import-report'), /replaced: back at RETURNN's default/);

    await importConfig(page, FIRST);
    await importConfig(page, SECOND, 'merge');
    s = await text(page, 'config-snippet');
    assert.match(s, /^learning_rate_control = 'newbob'$/m);
    assert.match(s, /^min_learning_rate = 1e-05$/m, 'merge keeps what the second config does not assign');
    assert.match(s, /^accum_grad_multiple_step = 2$/m);
    const report = await text(page, 'import-report');
    assert.match(report, /merge: kept from before/);
    assert.match(report, /min_learning_rate = 1e-05/);
  });
});

test('float(\'inf\') is accepted by the fields; a zero decay is warned about', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await setField(page, 'newbob_relative_error_threshold', "float('inf')");
    await waitDone(page);
    assert.equal(await page.getByTestId('error-newbob_relative_error_threshold').count(), 0);
    assert.match(await text(page, 'config-snippet'), /^newbob_relative_error_threshold = float\('inf'\)$/m);
    await setField(page, 'newbob_learning_rate_decay', '0.0');
    await waitDone(page);
    assert.match(await text(page, 'warnings'), /multiplies the LR by 0/);
  });
});

test('the decision table pages to the last epoch of a 2 000-epoch file, by mouse and keyboard', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await page.getByTestId('replay-file').setInputFiles(MOL);
    await page.waitForSelector('[data-testid="replay-match"][data-epochs="2000"]', { timeout: 60000 });
    await waitDone(page);
    const next = page.getByTestId('decision-next');
    assert.equal((await next.textContent()).trim(), 'later', 'the label is text, not Rust source');
    assert.equal(await page.getByTestId('decision-prev').isDisabled(), true);
    let clicks = 0;
    while (!(await next.isDisabled())) {
      await next.click();
      clicks++;
      assert.ok(clicks < 30, 'the last page is reached');
    }
    assert.equal(clicks, 19);
    assert.equal((await text(page, 'decision-page')).trim(), 'epochs 1901–2000 of 2000');
    const last = page.getByTestId('decision-row-2000');
    await last.scrollIntoViewIfNeeded();
    assert.ok(await last.isVisible());
    // Keyboard: Tab reaches rows; Enter selects one and explains it.
    await page.getByTestId('decision-row-1999').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="decision-row-1999"].selected');
    assert.doesNotMatch(await text(page, 'explain'), /click a row/);
    await page.getByTestId('decision-prev').click();
    assert.equal((await text(page, 'decision-page')).trim(), 'epochs 1801–1900 of 2000');
  });
});

test('Esc closes the tour; a visible focus ring stays on keyboard focus', async () => {
  await withApp({}, async ({ page }) => {
    await waitDone(page);
    await page.getByTestId('tour-start').click();
    await page.getByTestId('tour').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('tour').waitFor({ state: 'detached' });
    await page.getByTestId('decision-row-1').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const outline = await page.getByTestId('decision-row-1').evaluate((e) => getComputedStyle(e).outlineStyle);
    assert.equal(outline, 'solid', 'the focused row shows the focus ring');
  });
});

/** Opens the app in a fresh browser with these context options (viewport, touch, colour scheme). */
async function openWith(options, query = '') {
  const server = await serve(join(ROOT, 'dist'));
  const profile = await mkdtemp(join(tmpdir(), 'se-ux-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'], headless: true, ...options,
  });
  const page = context.pages()[0] ?? await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(server.url + query);
  await page.waitForSelector(CHART_DRAWN);
  return {
    page, problems,
    close: async () => { await context.close(); await server.close(); await rm(profile, { recursive: true, force: true }); },
  };
}

/** Widths of the page and of every element wider than the viewport. */
function overflow(page) {
  return page.evaluate(() => {
    const w = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > w + 0.5 || r.left < -0.5); })
      .filter((e) => !e.closest('.table-wrap') || e.classList.contains('table-wrap'))
      .map((e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, wide: wide.slice(0, 10) };
  });
}

for (const screen of [
  { name: 'phone-390', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  { name: 'half-800', options: { viewport: { width: 800, height: 900 } } },
]) {
  test(`${screen.name}: one column, nothing wider than the viewport, charts inside it`, async () => {
    const app = await openWith(screen.options);
    try {
      const { page } = app;
      await waitDone(page);
      const o = await overflow(page);
      assert.ok(o.scrollWidth <= o.innerWidth, `page ${o.scrollWidth} px wide in a ${o.innerWidth} px viewport: ${o.wide.join(', ')}`);
      assert.deepEqual(o.wide, [], 'no element sticks out of the viewport');
      const aside = await page.locator('aside').evaluate((e) => ({ position: getComputedStyle(e).position, right: e.getBoundingClientRect().right }));
      assert.equal(aside.position, 'static', 'the settings scroll with the page instead of covering the charts');
      const col = await page.locator('.main-col').evaluate((e) => e.getBoundingClientRect().width);
      assert.ok(col <= o.innerWidth, `main column ${col} px`);
      for (const id of ['chart-lr', 'chart-scores', 'chart-loss']) {
        const r = await page.getByTestId(id).evaluate((e) => { const b = e.getBoundingClientRect(); return { left: b.left, right: b.right, width: b.width }; });
        assert.ok(r.left >= 0 && r.right <= o.innerWidth && r.width > 0.6 * Math.min(o.innerWidth, 500), `${id} ${JSON.stringify(r)}`);
      }
      // The settings come before the charts (above them in one column).
      const [settingsTop, chartsTop] = await page.evaluate(() => [document.querySelector('aside').getBoundingClientRect().top, document.querySelector('[data-testid="chart-lr"]').getBoundingClientRect().top]);
      assert.ok(settingsTop < chartsTop);
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `${screen.name}.png`), fullPage: false });
      // One tap past the settings to the charts.
      await page.getByTestId('jump-to-run').click();
      await page.waitForFunction(() => Math.abs(document.getElementById('run-view').getBoundingClientRect().top) < 2);
      await page.getByTestId('chart-lr').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `${screen.name}-charts.png`), fullPage: false });
      assert.deepEqual(app.problems, []);
    } finally {
      await app.close();
    }
  });
}

const luminance = (rgb) => {
  const [r, g, b, a = 1] = rgb.match(/\d+(\.\d+)?/g).map(Number);
  assert.ok(a > 0.9, `an opaque colour, not ${rgb}`);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

test('dark mode follows prefers-color-scheme, the theme switch overrides it, charts stay readable', async () => {
  const app = await openWith({ viewport: { width: 1440, height: 1000 }, colorScheme: 'dark' });
  try {
    const { page } = app;
    await waitDone(page);
    const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const fg = () => page.evaluate(() => getComputedStyle(document.querySelector('section')).color);
    assert.equal(await page.getByTestId('theme').inputValue(), 'auto');
    assert.ok(luminance(await bg()) < 60, `auto + system dark: dark page (${await bg()})`);
    assert.ok(luminance(await fg()) > 160, `light text (${await fg()})`);
    // The plot area stays light under dark text: the chart keeps its contrast.
    const chartBg = await page.getByTestId('chart-lr').evaluate((c) => getComputedStyle(c).backgroundColor);
    assert.ok(luminance(chartBg) > 200, chartBg);
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'dark-1440.png') });
    await page.getByTestId('theme').selectOption('light');
    assert.ok(luminance(await bg()) > 200, `forced light (${await bg()})`);
    await page.getByTestId('theme').selectOption('dark');
    assert.ok(luminance(await bg()) < 60);
    // The choice is kept for the next visit.
    await page.reload();
    await page.waitForSelector(CHART_DRAWN);
    assert.equal(await page.getByTestId('theme').inputValue(), 'dark');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});
