// The front door, as a new user meets it: a fresh clone of this repository in a temporary folder,
// the README's first command (`scripts/serve.sh`) started there, and the page it serves opened in
// headless Chromium until it draws its first chart. Then the server is stopped.
//   node --test scripts/frontdoor.test.mjs        (a stage of scripts/test-all.sh)
// FRONTDOOR_TIMEOUT_MIN (default 40) bounds the wait; the first build compiles every crate for
// wasm32 from scratch (about 10 minutes on 2 cores).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, readFile, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, CHART_DRAWN, FLAGS } from '../e2e/harness.mjs';
const TIMEOUT_MS = Number(process.env.FRONTDOOR_TIMEOUT_MIN ?? 40) * 60_000;

const freePort = () => new Promise((ok, fail) => {
  const s = createServer();
  s.on('error', fail);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
});
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

test('front door: scripts/serve.sh on a fresh clone serves a page that draws its first chart', { timeout: TIMEOUT_MS + 120_000 }, async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'se-frontdoor-'));
  const clone = join(tmp, 'schedule-explorer');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone]);
  // A fresh clone has neither dist/ nor target/ (the failure this test was written for).
  await assert.rejects(access(join(clone, 'dist')));
  await assert.rejects(access(join(clone, 'target')));
  const port = await freePort();
  const logPath = join(tmp, 'serve.log');
  const { openSync } = await import('node:fs');
  const out = openSync(logPath, 'w');
  const server = spawn('bash', ['scripts/serve.sh', '--port', String(port)], {
    cwd: clone, detached: true, stdio: ['ignore', out, out],
  });
  let exited = null;
  server.on('exit', (code, signal) => { exited = { code, signal }; });
  const url = `http://127.0.0.1:${port}/`;
  const started = Date.now();
  let context = null;
  try {
    // 1. The server answers (trunk serves only after the first build succeeded).
    for (;;) {
      assert.equal(exited, null, `serve.sh stopped: ${JSON.stringify(exited)}\n${(await readFile(logPath, 'utf8')).slice(-3000)}`);
      assert.ok(Date.now() - started < TIMEOUT_MS, `no answer within the timeout\n${(await readFile(logPath, 'utf8')).slice(-3000)}`);
      const ok = await fetch(url).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(2000);
    }
    const answeredAfter = (Date.now() - started) / 1000;
    // 2. The page draws its first chart, without errors.
    const profile = join(tmp, 'profile');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS, headless: true,
      viewport: { width: 1440, height: 1000 },
    });
    const page = context.pages()[0] ?? await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    context.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    await page.goto(url);
    await page.waitForSelector(CHART_DRAWN, { timeout: 120_000 });
    assert.deepEqual(problems, []);
    // 3. It said what it was doing while it worked: the install steps' lines and trunk's progress.
    const log = await readFile(logPath, 'utf8');
    assert.match(log, /\[install-tools\] done \(build tools\)/);
    assert.match(log, /\[serve\] trunk serve/);
    assert.doesNotMatch(log, /install-tools: FAILED/);
    console.log(`front door: the page answered ${answeredAfter.toFixed(0)} s after scripts/serve.sh started, and drew its chart`);
  } finally {
    if (context) await context.close();
    if (exited === null) {
      try { process.kill(-server.pid, 'SIGTERM'); } catch {}
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
      if (exited === null) { try { process.kill(-server.pid, 'SIGKILL'); } catch {} }
    }
    await rm(tmp, { recursive: true, force: true });
  }
});

test('a broken environment: serve.sh stops with one line naming the tool and the command, and serves nothing', { timeout: 300_000 }, async () => {
  // A trunk version the registry does not have stands for any tool that cannot be installed.
  const port = await freePort();
  const run = spawn('bash', [join(ROOT, 'scripts/serve.sh'), '--port', String(port)], {
    env: { ...process.env, SE_TRUNK_VERSION: '0.0.0-does-not-exist' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  run.stdout.on('data', (d) => { out += d; });
  run.stderr.on('data', (d) => { out += d; });
  const code = await new Promise((ok) => run.on('exit', ok));
  assert.notEqual(code, 0, out);
  const failed = out.split('\n').filter((l) => l.startsWith('install-tools: FAILED'));
  assert.deepEqual(failed, ['install-tools: FAILED: trunk: cargo install --locked trunk --version 0.0.0-does-not-exist'], out);
  assert.doesNotMatch(out, /\[serve\]|Starting trunk/, 'nothing after the failed step ran');
  assert.equal(await fetch(`http://127.0.0.1:${port}/`).then(() => 'answered', () => 'refused'), 'refused');
});
