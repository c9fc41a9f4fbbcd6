import { expect, Page } from '@playwright/test';
import * as fs from 'fs';

// What the browser tests share: the demo accounts' password, logging in, and the page errors
// a test must not see. (Not a spec file: Playwright does not run it by itself.)

/** The password of every demo account. */
export const PASSWORD = 'cchc2025';

fs.mkdirSync('artifacts', { recursive: true });

/** Forgets any earlier session, then fills in and posts the log-in form. */
export async function postLogIn(page: Page, username: string, password = PASSWORD) {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Logs in as a unit or PAR office user and waits for their home page. */
export async function logInAs(page: Page, username: string) {
  await postLogIn(page, username);
  await expect(page).toHaveURL(/\/$/);
}

/** Collects the page's uncaught errors and console errors, for a test to check at its end. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}
