import { test, expect, Page } from '@playwright/test';
import { PASSWORD, postLogIn } from './support';

const ACCOUNTS = [
  { username: 'admin', role: 'admin', heading: 'Quản trị hệ thống' },
  { username: 'sonv.cchc', role: 'par_office', heading: 'Theo dõi cải cách hành chính toàn tỉnh' },
  { username: 'stp.giamdoc', role: 'unit_head', heading: 'Nhiệm vụ của đơn vị' },
  { username: 'stp.chuyenvien', role: 'unit_officer', heading: 'Nhiệm vụ của đơn vị' },
  { username: 'chutich', role: 'leader', heading: 'Tổng quan cải cách hành chính', home: /\/dashboard$/ },
];


for (const account of ACCOUNTS) {
  test(`${account.role} logs in and sees their home page`, async ({ page }, info) => {
    await postLogIn(page, account.username, PASSWORD);
    // The leaders' home is the dashboard.
    await expect(page).toHaveURL(account.home ?? /\/$/);
    await expect(page.getByRole('heading', { level: 1, name: account.heading })).toBeVisible();
    await expect(page.locator(`[data-role="${account.role}"]`)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
    await page.screenshot({ path: `artifacts/home-${account.role}-${info.project.name}.png`, fullPage: true });
  });
}

test('a wrong password shows the error and stays on the log-in page', async ({ page }) => {
  await postLogIn(page, 'stp.chuyenvien', 'sai-mat-khau-1');
  await expect(page.getByRole('alert')).toContainText('Tên đăng nhập hoặc mật khẩu không đúng.');
  await expect(page).toHaveURL(/\/login/);
});

test('navigation and log-out work', async ({ page }) => {
  await postLogIn(page, 'admin', PASSWORD);
  await page.getByRole('navigation').getByRole('link', { name: 'Đơn vị' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Đơn vị' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Sở Nội vụ' }).first()).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Nhật ký hệ thống' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhật ký hệ thống' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'auth.login' }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/units');
  await expect(page).toHaveURL(/\/login/);
});

test('the English switch translates the page', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
  await page.getByRole('link', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Đăng nhập' })).toBeVisible();
});

test('after an administrator resets a password the user must choose their own, and does', async ({ page }, info) => {
  const temporary = `Tam-thoi-${info.project.name}-2026`;
  const own = `Rieng-cua-toi-${info.project.name}-7x`;
  // The administrator resets the commune head's password.
  await postLogIn(page, 'admin', PASSWORD);
  await expect(page.locator('[data-role="admin"]')).toBeVisible();
  await page.goto('/users');
  await page.getByRole('link', { name: 'tanphu.chutich' }).click();
  await page.getByLabel('Mật khẩu mới').fill(temporary);
  await page.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/login/);
  // The user logs in with it and lands on the password form, and nowhere else.
  await postLogIn(page, 'tanphu.chutich', temporary);
  await expect(page).toHaveURL(/\/account\/password\?must=1/);
  await expect(page.getByText('Mật khẩu của bạn do quản trị viên đặt')).toBeVisible();
  await page.goto('/my-tasks');
  await expect(page).toHaveURL(/\/account\/password/);
  // A weak password is refused with a message; their own is taken.
  await page.getByLabel('Mật khẩu hiện tại').fill(temporary);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('matkhau2026');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('matkhau2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByRole('alert')).toContainText('quá phổ biến');
  await page.getByLabel('Mật khẩu hiện tại').fill(temporary);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(own);
  await page.getByLabel('Nhập lại mật khẩu mới').fill(own);
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu' }).first()).toBeVisible();
  await page.screenshot({ path: `artifacts/password-changed-${info.project.name}.png`, fullPage: true });
  await page.goto('/my-tasks');
  await expect(page).toHaveURL(/\/my-tasks/);
  await page.goto('/');
  await expect(page.locator('[data-role="unit_head"]')).toBeVisible();
});
