import { test, expect } from '@playwright/test';

// These need the WebAssembly to have hydrated the page: a broken optimiser can ship a page that
// renders but never hydrates, and only a click that runs Rust in the browser shows it.
// (The no-js project does not run this file.)

test('a click on a demo account fills the log-in form (runs only when hydrated)', async ({ page }) => {
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
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill('cchc2025');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.locator('[data-role="admin"]')).toBeVisible();
  await page.goto('/units/new');
  await page.getByLabel('Mã đơn vị').fill('X-E2E');
  await page.getByLabel('Tên đơn vị').fill('Ủy ban nhân dân xã Thử Nghiệm');
  await page.getByLabel('Loại đơn vị').selectOption('commune');
  await page.getByLabel('Hoạt động từ ngày').fill('2025-07-01');
  await page.getByRole('button', { name: 'Tạo mới' }).click();
  await expect(page).toHaveURL(/\/units\/\d+$/);
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
