import { test, expect, Page } from '@playwright/test';
import { logInAs, watchErrors } from './support';


async function unreadCount(page: Page): Promise<number> {
  const bell = page.getByRole('link', { name: /^Thông báo: / });
  await expect(bell).toBeVisible();
  const label = (await bell.getAttribute('aria-label')) ?? '';
  const m = label.match(/(\d+) chưa đọc/);
  return m ? Number(m[1]) : 0;
}

test('the PAR office runs the reminders; a unit officer sees the bell count, opens a notification and lands on the task', async ({ page }, info) => {
  const errors = watchErrors(page);

  await logInAs(page, 'sonv.cchc');
  await page.getByRole('navigation').getByRole('link', { name: 'Nhắc việc' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quy tắc nhắc việc' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Nhiệm vụ sắp đến hạn' })).toBeVisible();
  await expect(page.getByLabel('Trước hạn (ngày)').first()).toHaveValue('7, 3, 1');
  await page.getByRole('button', { name: 'Gửi nhắc việc ngay' }).click();
  if (info.project.name === 'hydrated') {
    await expect(page.getByRole('status').filter({ hasText: /Đã xong: \d+ thông báo mới/ })).toBeVisible();
  }
  // The run is listed (the one at start-up, and this one).
  await expect(page.locator('table tbody tr').first()).toContainText(/Do cán bộ thực hiện|Nhắc bù khi hệ thống khởi động lại/);

  await logInAs(page, 'tanphu.congchuc');
  const before = await unreadCount(page);
  expect(before).toBeGreaterThan(0);
  await page.getByRole('link', { name: /^Thông báo: / }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thông báo' })).toBeVisible();
  const first = page.locator('li.notif-unread a.notif-title').filter({ hasText: /Nhiệm vụ/ }).first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await unreadCount(page)).toBe(before - 1);
  expect(errors).toEqual([]);
});
