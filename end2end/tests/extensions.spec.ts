import { test, expect } from '@playwright/test';
import { logInAs, watchErrors } from './support';

// Each project asks for its own task: the hydrated run a task of the Department of Justice,
// the run without JavaScript one of xã Tân Phú.
function caseOf(project: string) {
  return project === 'no-js'
    ? { head: 'tanphu.chutich', title: 'Ứng dụng chữ ký số trong xử lý văn bản điện tử tại UBND cấp xã' }
    : { head: 'stp.giamdoc', title: 'Số hóa Sổ hộ tịch, cập nhật dữ liệu hộ tịch vào Cơ sở dữ liệu hộ tịch điện tử' };
}

test('a unit head asks for an extension, the PAR office approves it and the deadline moves', async ({ page }, info) => {
  const errors = watchErrors(page);
  const c = caseOf(info.project.name);
  const reason = `Chờ hướng dẫn của Bộ về chuẩn dữ liệu nên chưa thể hoàn thành đúng hạn (${info.project.name}).`;

  await logInAs(page, c.head);
  await page.getByRole('navigation').getByRole('link', { name: 'Việc của tôi' }).click();
  await page.getByRole('link', { name: c.title }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: c.title })).toBeVisible();
  const taskUrl = page.url();
  await page.locator('#extension_reason').fill(reason);
  await page.locator('#proposed_due_on').fill('2027-02-26');
  await page.getByRole('button', { name: 'Gửi đề nghị gia hạn' }).click();
  await expect(page.getByText('Đề nghị gia hạn đang chờ xem xét').first()).toBeVisible();
  await expect(page.getByText(reason).first()).toBeVisible();

  // The PAR office approves it with its document; the deadline moves.
  await logInAs(page, 'sonv.cchc');
  await page.goto(taskUrl);
  await expect(page.locator('#approve_new_due_on')).toHaveValue('2027-02-26');
  await page.locator('#approve_document').fill('Công văn số 321/UBND-KSTT ngày 05/12/2026');
  await page.getByRole('button', { name: 'Đồng ý gia hạn' }).first().click();
  await expect(page.getByText('Đã đồng ý gia hạn').first()).toBeVisible();
  await expect(page.locator('dl.facts').first()).toContainText('26/02/2027');
  await expect(page.getByText('Công văn số 321/UBND-KSTT ngày 05/12/2026').first()).toBeVisible();
  await page.screenshot({ path: `artifacts/extension-approved-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});
