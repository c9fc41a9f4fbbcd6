import { test, expect } from '@playwright/test';
import { logInAs, postLogIn, watchErrors } from './support';

// Each project directs its own unit: the hydrated run the Department of Justice, the run
// without JavaScript xã Tân Phú.
function unitOf(project: string) {
  return project === 'no-js'
    ? { name: 'Ủy ban nhân dân xã Tân Phú', officer: 'tanphu.congchuc' }
    : { name: 'Sở Tư pháp', officer: 'stp.chuyenvien' };
}

test('a leader gives a unit a direction, the unit answers it from its home page, the leader reads the answer', async ({ page }, info) => {
  const errors = watchErrors(page);
  const unit = unitOf(info.project.name);
  const body = `Đề nghị ${unit.name} báo cáo tiến độ số hóa hồ sơ trước ngày 20/12 (${info.project.name}).`;
  const answer = `${unit.name} đã số hóa 2.480 hồ sơ; báo cáo gửi kèm (${info.project.name}).`;

  await postLogIn(page, 'chutich');
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole('navigation').getByRole('link', { name: 'Chỉ đạo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ý kiến chỉ đạo' })).toBeVisible();
  await page.getByLabel('Đơn vị').selectOption({ label: unit.name });
  await page.getByLabel('Nội dung chỉ đạo').fill(body);
  await page.getByRole('button', { name: 'Gửi ý kiến chỉ đạo' }).click();
  await expect(page.getByText('Đã gửi ý kiến chỉ đạo.')).toBeVisible();
  await expect(page.locator('#directions')).toContainText(body);

  // The unit's officer sees it on the home page and answers.
  await logInAs(page, unit.officer);
  await expect(page.locator('#open-directions')).toContainText('Ý kiến chỉ đạo chưa trả lời');
  await page.locator('#open-directions').getByRole('link', { name: 'Xem và trả lời' }).click();
  const item = page.locator('li.direction', { hasText: body });
  await item.getByLabel('Trả lời của đơn vị').fill(answer);
  await item.getByRole('button', { name: 'Gửi trả lời' }).click();
  await expect(page.getByText('Đã gửi trả lời.')).toBeVisible();
  await expect(page.locator('li.direction', { hasText: body })).toContainText(answer);
  await page.screenshot({ path: `artifacts/directions-${info.project.name}.png`, fullPage: true });

  // The leader reads the answer.
  await postLogIn(page, 'chutich');
  await page.goto('/directions');
  await expect(page.locator('li.direction', { hasText: body })).toContainText(answer);
  expect(errors).toEqual([]);
});
