import { test, expect } from '@playwright/test';
import { logInAs, watchErrors } from './support';

// Both projects ask the Department of Justice's head to extend the same open task, one after
// the other, each to a later date (the other open tasks of the demo's unit heads are completed
// by other tests, and the commune head's password is changed by the log-in tests).
function caseOf(project: string) {
  return {
    head: 'stp.giamdoc',
    title: 'Số hóa Sổ hộ tịch, cập nhật dữ liệu hộ tịch vào Cơ sở dữ liệu hộ tịch điện tử',
    ...(project === 'no-js'
      ? { proposed: '2027-03-31', shown: '31/03/2027' }
      : { proposed: '2027-02-26', shown: '26/02/2027' }),
  };
}

test('a unit head asks for an extension, the PAR office approves it and the deadline moves', async ({ page }, info) => {
  const errors = watchErrors(page);
  const c = caseOf(info.project.name);
  const document = `Công văn số ${info.project.name === 'no-js' ? 322 : 321}/UBND-KSTT ngày 05/12/2026`;
  const reason = `Chờ hướng dẫn của Bộ về chuẩn dữ liệu nên chưa thể hoàn thành đúng hạn (${info.project.name}).`;

  await logInAs(page, c.head);
  await page.getByRole('navigation').getByRole('link', { name: 'Việc của tôi' }).click();
  // The 2026 plan's task (the 2025 plan has one of the same name).
  await page.locator('tr').filter({ hasText: '45/KH-UBND' }).getByRole('link', { name: c.title }).click();
  await expect(page.getByRole('heading', { level: 1, name: c.title })).toBeVisible();
  const taskUrl = page.url();
  await page.locator('#extension_reason').fill(reason);
  await page.locator('#proposed_due_on').fill(c.proposed);
  await page.getByRole('button', { name: 'Gửi đề nghị gia hạn' }).click();
  await expect(page.getByText('Đề nghị gia hạn đang chờ xem xét').first()).toBeVisible();
  await expect(page.getByText(reason).first()).toBeVisible();

  // The PAR office approves it with its document; the deadline moves.
  await logInAs(page, 'sonv.cchc');
  await page.goto(taskUrl);
  await expect(page.locator('#approve_new_due_on')).toHaveValue(c.proposed);
  await page.locator('#approve_document').fill(document);
  await page.getByRole('button', { name: 'Đồng ý gia hạn' }).first().click();
  await expect(page.getByText('Đã đồng ý gia hạn').first()).toBeVisible();
  await expect(page.locator('dl.facts').first()).toContainText(c.shown);
  await expect(page.getByText(document).first()).toBeVisible();
  await page.screenshot({ path: `artifacts/extension-approved-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});
