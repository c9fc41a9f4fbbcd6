import { test, expect, Page } from '@playwright/test';
import { postLogIn, watchErrors } from './support';



test('the leader lands on the dashboard, clicks a bar and gets the matching task list', async ({ page }) => {
  const errors = watchErrors(page);
  await postLogIn(page, 'chutich');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan cải cách hành chính' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Theo lĩnh vực cải cách' })).toBeVisible();

  // The overdue headline figure, and one overdue segment of the area bars.
  const overdueStat = page.locator('a.stat-overdue .stat-num');
  const totalOverdue = Number(await overdueStat.textContent());
  expect(totalOverdue).toBeGreaterThan(0);
  const segment = page.locator('svg.chart-bars a.seg-overdue').first();
  await expect(segment).toBeVisible();
  const label = (await segment.getAttribute('aria-label')) ?? '';
  const m = label.match(/^(.*) — Quá hạn chưa hoàn thành: (\d+)$/);
  expect(m, label).not.toBeNull();
  const [, area, n] = m!;
  await segment.click();

  await expect(page).toHaveURL(/\/dashboard\/tasks\?.*area=\d+.*class=overdue/);
  await expect(page.getByRole('heading', { level: 1, name: 'Danh sách nhiệm vụ' })).toBeVisible();
  await expect(page.locator('.drill-filters')).toContainText(area);
  await expect(page.getByRole('status')).toContainText(`${n} nhiệm vụ`);
  const rows = page.locator('table.tasks tbody tr');
  await expect(rows).toHaveCount(Number(n));
  await expect(rows.locator('.badge-overdue')).toHaveCount(Number(n));

  // Back to the dashboard, then the ranking drills down to a unit.
  await page.getByRole('link', { name: /Về trang tổng quan/ }).click();
  await expect(page).toHaveURL(/\/dashboard(\?.*)?$/);
  const unitLink = page.locator('table.ranking tbody th a').first();
  const unit = (await unitLink.textContent()) ?? '';
  await unitLink.click();
  await expect(page).toHaveURL(/\/dashboard\/tasks\?.*unit=\d+/);
  await expect(page.locator('.drill-filters')).toContainText(unit);
  expect(errors).toEqual([]);
});

test('the period picker changes the as-of date and the PDF is one page to download', async ({ page }) => {
  await postLogIn(page, 'chutich');
  await expect(page).toHaveURL(/\/dashboard$/);
  const plan = page.locator('select[name=plan] option', { hasText: '45/KH-UBND' });
  await page.getByLabel('Kế hoạch').selectOption((await plan.getAttribute('value')) ?? '');
  const option = page.locator('select[name=period] option', { hasText: '6 tháng 2026' });
  await page.getByLabel('Kỳ báo cáo').selectOption((await option.getAttribute('value')) ?? '');
  await page.getByRole('button', { name: 'Xem' }).click();
  await expect(page).toHaveURL(/period=2026-h1/);
  await expect(page.getByText(/Số liệu 6 tháng 2026, tính đến ngày 14\/06\/2026/)).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Tải PDF (1 trang)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('tong-quan-cchc-2026-06-14.pdf');
});

test('a unit officer cannot open the dashboard', async ({ page }) => {
  await postLogIn(page, 'stp.chuyenvien');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Tổng quan' })).toHaveCount(0);
  const res = await page.goto('/dashboard');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('alert')).toBeVisible();
});

test('the dashboard at desktop and phone width: nothing wider than the screen', async ({ page }, info) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await postLogIn(page, 'chutich');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Xếp hạng đơn vị' })).toBeVisible();
  await page.screenshot({ path: `artifacts/dashboard-desktop-${info.project.name}.png`, fullPage: true });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 2, name: 'Xu hướng qua các kỳ' })).toBeVisible();
    // Wide tables and charts scroll inside their own boxes; the page itself does not.
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth, `page width at a ${width} px screen`).toBeLessThanOrEqual(width);
  }
  await page.screenshot({ path: `artifacts/dashboard-phone-${info.project.name}.png`, fullPage: true });
});
