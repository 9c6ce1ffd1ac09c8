// Shared e2e harness: serve dist/, launch /usr/bin/chromium headless through playwright-core,
// record console errors, page errors and any request that leaves the local server.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SHOTS = join(ROOT, 'e2e', 'screenshots');

export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const CHART_DRAWN = '[data-testid="chart-lr"][data-draws]:not([data-draws="0"])';

/** Opens the built app at `query`; resolves once `ready` (default: the LR chart drawn) is there.
 * `prefix` serves dist/ under that sub-path only (e.g. '/a/b/'), as a static host serves a project. */
export async function open({ query = '', viewport = { width: 1400, height: 1000 }, deviceScaleFactor = 1, ready = CHART_DRAWN, prefix = '/', dist = join(ROOT, 'dist'), contextOptions = {} } = {}) {
  const server = await serve(dist, { prefix });
  const profile = await mkdtemp(join(tmpdir(), 'se-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: FLAGS, headless: true, viewport, deviceScaleFactor, acceptDownloads: true, ...contextOptions,
  });
  const page = context.pages()[0] ?? await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Any file the page (or a worker) asks for and does not get is a failure, not a silent gap.
  context.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith('blob:') && !u.startsWith('data:')) problems.push(`foreign request: ${u}`);
  });
  await page.goto(server.url + query);
  await page.waitForSelector(ready);
  const close = async () => {
    await context.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { page, problems, server, close };
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/** Sets a text field and commits it (change event), as a user would with Enter. */
export async function setField(page, name, value) {
  const el = page.getByTestId(`field-${name}`);
  const tag = await el.evaluate((e) => e.tagName);
  if (tag === 'SELECT') await el.selectOption(value);
  else { await el.fill(value); await el.press('Enter'); await el.evaluate((e) => e.blur()); }
}

/** Waits until the run is finished (the frame loop stopped). */
export async function waitDone(page) {
  await page.waitForSelector('[data-testid="run-progress"][data-done="true"][data-running="false"]');
}

/** Number of canvas pixels close to the RGB colour. */
export async function countPixels(page, testid, [r, g, b], tol = 40) {
  return page.getByTestId(testid).evaluate((c, [r, g, b, tol]) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) <= tol) n++;
    }
    return n;
  }, [r, g, b, tol]);
}

/** Runs `body` on a freshly opened app; then fails on any console error, page error or foreign request. */
export async function withApp(opts, body) {
  const app = await open(opts);
  try {
    await body(app);
    assert.deepEqual(app.problems, [], 'no console errors, page errors or foreign requests');
  } finally {
    await app.close();
  }
}
