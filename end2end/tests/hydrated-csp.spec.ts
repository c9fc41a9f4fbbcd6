import { test, expect, Page } from '@playwright/test';
import { postLogIn } from './support';

// Every main page, hydrated, under the content security policy the server sends: no page may
// log a CSP violation or any other console error, and the WebAssembly must start.
// (The file name ends in hydrated… so that only the hydrated project runs it.)

async function logIn(page: Page, username: string) {
  await postLogIn(page, username);
  await expect(page.locator(`[data-role]`).first()).toBeVisible();
}

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' || /Content Security Policy|Content-Security-Policy/i.test(text)) {
      problems.push(`${m.type()}: ${text}`);
    }
  });
  return problems;
}

async function visit(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(400);
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp, path).toContain("'nonce-");
  expect(csp, path).toContain("frame-ancestors 'none'");
  // Let the WebAssembly load, hydration finish and any late script run.
  await page.waitForLoadState('networkidle');
}

for (const [username, paths] of [
  ['chutich', ['/dashboard', '/plans', '/reports', '/notifications']],
  ['sonv.cchc', ['/plans', '/reports', '/reminders', '/dashboard']],
  ['admin', ['/units', '/users', '/audit', '/mail']],
  ['stp.chuyenvien', ['/my-tasks', '/plans', '/reports']],
] as [string, string[]][]) {
  test(`pages of ${username} hydrate under the security policy without a console error`, async ({ page }) => {
    const problems = watch(page);
    await visit(page, '/login');
    await logIn(page, username);
    for (const path of paths) {
      await visit(page, path);
    }
    // A plan page and a task page too (the first links found).
    await visit(page, '/plans');
    const hrefs = await page.locator('a[href^="/plans/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const planHref = hrefs.find((h) => /^\/plans\/\d+$/.test(h));
    expect(planHref).toBeTruthy();
    await visit(page, planHref!);
    const taskHref = await page.locator('a[href^="/tasks/"]').first().getAttribute('href');
    if (taskHref) await visit(page, taskHref);
    expect(problems, problems.join('\n')).toEqual([]);
  });
}
