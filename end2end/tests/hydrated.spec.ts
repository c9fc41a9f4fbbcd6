import { test, expect, Page } from '@playwright/test';
import { postLogIn } from './support';

async function logInAsAdmin(page: Page) {
  await postLogIn(page, 'admin');
  await expect(page.locator('[data-role="admin"]')).toBeVisible();
}

// These run with the script on. Pages are server-rendered and work without it; only the islands
// (app/src/islands.rs) need the WebAssembly. A broken optimiser can ship islands that never come
// alive, and only a click that runs Rust in the browser shows it. (The no-js project does not
// run this file.)

test('a click on a demo account fills the log-in form (runs only when the island is live)', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm') && r.ok());
  await page.goto('/login');
  await wasm;
  const row = page.getByRole('row').filter({ hasText: 'tanphu.congchuc' });
  // Hydration has finished when the click handler fills the form; retry until it does.
  await expect(async () => {
    await row.getByRole('button', { name: 'Dùng' }).click();
    await expect(page.getByLabel('Tên đăng nhập')).toHaveValue('tanphu.congchuc', { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  // The password is never on the page: the click moves the focus to its field.
  await expect(page.getByLabel('Mật khẩu')).toBeFocused();
  await expect(page.getByLabel('Mật khẩu')).toHaveValue('');
  await expect(page.locator('body')).not.toContainText('cchc2025');
  await page.getByLabel('Mật khẩu').fill('cchc2025');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.locator('[data-role="unit_officer"]')).toBeVisible();
  await expect(page.locator('.my-tasks .lead')).toHaveText('Ủy ban nhân dân xã Tân Phú');
  expect(errors, errors.join('\n')).toEqual([]);
});

test('an admin creates a unit and sees the duplicate code refused on the field', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The refused save answers 409, which the browser logs as a failed resource: expected here.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  await logInAsAdmin(page);
  await page.goto('/units/new');
  await page.getByLabel('Mã đơn vị').fill('X-E2E');
  await page.getByLabel('Tên đơn vị').fill('Ủy ban nhân dân xã Thử Nghiệm');
  await page.getByLabel('Loại đơn vị').selectOption('commune');
  await page.getByLabel('Hoạt động từ ngày').fill('2025-07-01');
  await page.getByRole('button', { name: 'Tạo mới' }).click();
  await expect(page).toHaveURL(/\/units\/\d+\?__ok=/);
  await expect(page.getByRole('status')).toContainText('Đã lưu.');
  await expect(page.getByRole('heading', { name: 'Sửa đơn vị' })).toBeVisible();
  await page.getByLabel('Mã đơn vị').fill('STP');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('alert')).toContainText('Mã đơn vị này đã được dùng cho một đơn vị khác.');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/units');
  await expect(page.getByRole('cell', { name: 'X-E2E' })).toBeVisible();
  await page.screenshot({ path: 'artifacts/units-phone.png', fullPage: false });
  // Every page above hydrated without an error (server and browser rendered the same tree).
  expect(errors, errors.join('\n')).toEqual([]);
});

test('a form being sent says so and is not sent twice (runs only when the island is live)', async ({ page }) => {
  await logInAsAdmin(page);
  await page.goto('/units');
  await page.getByRole('link', { name: 'Sở Tư pháp' }).first().click();
  await expect(page.getByRole('heading', { name: 'Sửa đơn vị' })).toBeVisible();
  await expect(page.locator('html[data-islands="live"]')).toBeAttached({ timeout: 15_000 });
  // Hold the answer back a moment, as a slow link would, and count the posts.
  let posts = 0;
  await page.route('**/api/units/update', async (route) => {
    posts += 1;
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  // Pressed twice in a row, in the page itself (a test's click would wait for the navigation).
  const seen = await page.evaluate(() => {
    const save = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Lưu');
    save?.click();
    const busy = save?.getAttribute('aria-disabled') === 'true' ? save.textContent : null;
    const formBusy = save?.form?.getAttribute('aria-busy');
    save?.click();
    return { busy, formBusy };
  });
  expect(seen).toEqual({ busy: 'Đang lưu…', formBusy: 'true' });
  await expect(page.getByRole('status')).toContainText('Đã lưu.');
  expect(posts).toBe(1);
});
