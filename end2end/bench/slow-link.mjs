// The slow-link bench: a unit officer's task list opened in Chromium on an emulated provincial
// mobile link (1.6 Mbit/s down, 750 kbit/s up, 150 ms latency), with an empty cache. Prints the
// time until the page is readable (first contentful paint) and until it is interactive (the
// page's islands are live: <html data-islands="live">), and what was transferred. It prints and
// never fails on a time.
//
//   node end2end/bench/slow-link.mjs            (bash scripts/bench.sh slow builds and runs it)
//
// It starts the release server on a fresh SQLite database with the demo province.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serverEnv } from '../server-env.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const port = Number(process.env.BENCH_PORT ?? 3190);
const base = `http://127.0.0.1:${port}`;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const link = { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 };

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-slow-'));
const server = spawn(`${root}/target/release/server`, ['serve', '--demo'], {
  cwd: root,
  stdio: 'ignore',
  env: { ...process.env, ...serverEnv(port, dataDir) },
});

async function ready() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  await ready();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  // Log in once on the fast link; each run then opens the page in a fresh context (empty cache)
  // with the session cookie.
  const setup = await browser.newContext();
  const login = await setup.newPage();
  await login.goto(`${base}/login`);
  await login.getByLabel('Tên đăng nhập').fill('stp.chuyenvien');
  await login.getByLabel('Mật khẩu').fill('cchc2025');
  await login.getByRole('button', { name: 'Đăng nhập' }).click();
  await login.waitForURL(/\/$/);
  const cookies = await setup.cookies();
  await setup.close();

  const readable = [];
  const interactive = [];
  let bytes = {};
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    await context.addCookies(cookies);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...link });
    const sizes = {};
    cdp.on('Network.loadingFinished', (e) => { sizes[e.requestId] = e.encodedDataLength; });
    const urls = {};
    cdp.on('Network.responseReceived', (e) => { urls[e.requestId] = new URL(e.response.url).pathname; });
    await page.goto(`${base}/my-tasks`, { waitUntil: 'commit' });
    await page.waitForSelector('.my-tasks', { state: 'attached' });
    const paint = await page.evaluate(() => new Promise((resolve) => {
      const done = () => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        if (fcp) resolve(fcp.startTime); else setTimeout(done, 20);
      };
      done();
    }));
    await page.waitForSelector('html[data-islands="live"]', { state: 'attached', timeout: 120_000 });
    const live = await page.evaluate(() => performance.now());
    readable.push(paint);
    interactive.push(live);
    bytes = {};
    for (const [id, n] of Object.entries(sizes)) bytes[urls[id] ?? id] = n;
    await context.close();
  }
  await browser.close();
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  console.log(`slow link (1.6 Mbit/s down, 150 ms latency, empty cache), unit officer's /my-tasks, ${runs} runs:`);
  console.log(`  readable (first contentful paint):  median ${(median(readable) / 1000).toFixed(2)} s   [${readable.map((t) => (t / 1000).toFixed(2)).join(', ')}]   target 2 s`);
  console.log(`  interactive (islands live):         median ${(median(interactive) / 1000).toFixed(2)} s   [${interactive.map((t) => (t / 1000).toFixed(2)).join(', ')}]   target 4 s`);
  console.log(`  transferred: ${(total / 1024).toFixed(1)} KB`);
  for (const [url, n] of Object.entries(bytes)) console.log(`    ${url.padEnd(32)} ${(n / 1024).toFixed(1)} KB`);
} finally {
  server.kill('SIGTERM');
}
