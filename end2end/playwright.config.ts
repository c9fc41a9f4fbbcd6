import { defineConfig } from '@playwright/test';
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';
import { serverEnv } from './server-env.mjs';

// The release build of the server, on a fresh SQLite database with the demo province.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-e2e-'));
const root = path.resolve(__dirname, '..');

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'vi-VN',
    launchOptions: chromium,
    trace: 'off',
  },
  projects: [
    { name: 'hydrated', use: { javaScriptEnabled: true } },
    // The hydrated-only tests need JavaScript; everything else runs both ways.
    { name: 'no-js', use: { javaScriptEnabled: false }, testIgnore: /hydrated.*\.spec\.ts/ },
  ],
  webServer: {
    command: `${root}/target/release/server serve --demo`,
    url: `${baseURL}/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    cwd: root,
    env: serverEnv(port, dataDir),
  },
});
