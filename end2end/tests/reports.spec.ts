import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { execFileSync } from 'child_process';
import { logInAs, watchErrors } from './support';


// Each project reports its own period: the hydrated run the demo's open annual period of 2026,
// the run without JavaScript the annual period of 2025, which the PAR office opens first.
function periodOf(project: string) {
  return project === 'no-js' ? { name: 'Năm 2025' } : { name: 'Năm 2026' };
}

function periodRow(page: Page, p: { name: string }) {
  return page.locator('#periods tbody tr').filter({ hasText: p.name });
}

async function openMyReport(page: Page, p: { name: string }) {
  await page.getByRole('navigation').getByRole('link', { name: 'Báo cáo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo định kỳ' })).toBeVisible();
  await periodRow(page, p).getByRole('link', { name: 'Báo cáo của đơn vị' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Báo cáo ${p.name}` })).toBeVisible();
}

async function openQueuedReport(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Báo cáo' }).click();
  await page.locator('#review-queue').getByRole('link', { name: 'Sở Tư pháp' }).first().click();
  await expect(page.getByRole('heading', { level: 2, name: 'Xem xét báo cáo' })).toBeVisible();
}

test('a unit head submits, the PAR office returns, the unit resubmits, the office accepts and downloads the PDF', async ({ page }, info) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const p = periodOf(info.project.name);

  if (info.project.name === 'no-js') {
    await logInAs(page, 'sonv.cchc');
    await page.getByRole('navigation').getByRole('link', { name: 'Báo cáo' }).click();
    await periodRow(page, p).getByRole('link', { name: 'Theo dõi gửi báo cáo' }).click();
    await page.getByRole('button', { name: 'Mở kỳ báo cáo' }).click();
    await expect(page.getByRole('button', { name: 'Đóng kỳ báo cáo' })).toBeVisible();
  }

  // The unit head writes and submits.
  await logInAs(page, 'stp.giamdoc');
  await openMyReport(page, p);
  await expect(page.locator('#report-tasks tbody tr').first()).toBeVisible();
  await page.getByLabel('Kết quả đạt được').fill('Sở Tư pháp đã hoàn thành rà soát 412 văn bản quy phạm pháp luật.');
  await page.getByLabel('Tồn tại, hạn chế và nguyên nhân').fill('Việc theo dõi thi hành pháp luật còn chậm.');
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await expect(page.locator('.doc-number .badge')).toHaveText(/Gửi (đúng hạn|chậm)/);
  await expect(page.getByRole('button', { name: 'Gửi báo cáo' })).toHaveCount(0);
  await page.screenshot({ path: `artifacts/unit-report-submitted-${info.project.name}.png`, fullPage: true });

  // The PAR office returns it with a comment.
  await logInAs(page, 'sonv.cchc');
  await openQueuedReport(page);
  await page.getByLabel('Ý kiến').fill('Đề nghị bổ sung số văn bản đề nghị bãi bỏ.');
  await page.getByRole('button', { name: 'Trả lại để hoàn thiện' }).click();
  await expect(page.locator('.doc-number .badge')).toHaveText('Bị trả lại');

  // The unit fixes and resubmits.
  await logInAs(page, 'stp.giamdoc');
  await openMyReport(page, p);
  await expect(page.getByRole('alert')).toContainText('Đề nghị bổ sung số văn bản đề nghị bãi bỏ.');
  await page.getByLabel('Kết quả đạt được').fill('Sở Tư pháp đã rà soát 412 văn bản, đề nghị bãi bỏ 17 văn bản.');
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await expect(page.locator('.doc-number .badge')).toHaveText(/Gửi (đúng hạn|chậm)/);

  // The office accepts, compiles the province report and downloads its PDF.
  await logInAs(page, 'sonv.cchc');
  await openQueuedReport(page);
  await page.getByRole('button', { name: 'Tiếp nhận' }).click();
  await expect(page.locator('.doc-number .badge')).toHaveText('Đã tiếp nhận');
  await expect(page.getByText('Được tiếp nhận')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Báo cáo' }).click();
  await periodRow(page, p).getByRole('link', { name: 'Theo dõi gửi báo cáo' }).click();
  await expect(page.locator('#board')).toContainText('Sở Tư pháp');
  await page.screenshot({ path: `artifacts/board-${info.project.name}.png`, fullPage: true });
  await page.getByRole('link', { name: 'Báo cáo của tỉnh' }).first().click();
  await page.getByRole('button', { name: /Tổng hợp/ }).click();
  await expect(page.locator('#figures')).toBeVisible();
  await expect(page.getByLabel('Kết quả đạt được')).toContainText('Sở Tư pháp đã rà soát 412 văn bản');
  await page.getByRole('button', { name: 'Xuất PDF' }).click();
  const link = page.locator('li.export-pdf a').first();
  await expect(link).toBeVisible();
  await page.screenshot({ path: `artifacts/province-report-${info.project.name}.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = await download.path();
  const bytes = fs.readFileSync(file!);
  expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
  fs.copyFileSync(file!, `artifacts/bao-cao-tinh-${info.project.name}.pdf`);
  // The first page as an image, kept with the run's artifacts for a person to look at.
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', file!, `artifacts/bao-cao-tinh-${info.project.name}-trang`]);
  const text = execFileSync('pdftotext', ['-raw', file!, '-']).toString();
  expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  expect(text).toContain('Sở Tư pháp đã rà soát 412 văn bản');
  expect(errors).toEqual([]);
});

test('a commune exports its report as a Word file signed by its vice-chair under its own number, and LibreOffice opens it', async ({ page }, info) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  // A period the demo has not reported for yet (the commune may draft while it is closed).
  const p = { name: 'Năm 2025' };
  await logInAs(page, 'tanphu.congchuc');
  await openMyReport(page, p);
  await page.getByLabel('Kết quả đạt được').fill('Xã đã công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa.');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await expect(page.getByText('Đã lưu.')).toBeVisible();
  // The export form offers the commune's signers, the chairman first.
  const signer = page.getByLabel('Người ký');
  await expect(signer.locator('option').first()).toHaveText(/Hoàng Văn Bình/);
  await signer.selectOption({ label: 'Ngô Thị Hạnh – TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH' });
  await page.getByLabel('Số văn bản').fill('08');
  await page.getByRole('button', { name: 'Xuất Word (DOCX)' }).click();
  const link = page.locator('li.export-docx a').first();
  await expect(link).toBeVisible();
  await page.screenshot({ path: `artifacts/unit-report-export-${info.project.name}.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = await download.path();
  const dir = fs.mkdtempSync('/tmp/cchc-docx-');
  fs.copyFileSync(file!, `${dir}/bao-cao.docx`);
  fs.copyFileSync(file!, `artifacts/bao-cao-xa-${info.project.name}.docx`);
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, `${dir}/bao-cao.docx`]);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', `${dir}/bao-cao.pdf`, `artifacts/bao-cao-xa-${info.project.name}-trang`]);
  const text = execFileSync('pdftotext', ['-raw', `${dir}/bao-cao.pdf`, '-']).toString().replace(/\s+/g, ' ');
  expect(text).toContain('XÃ TÂN PHÚ');
  expect(text).toContain('Số: 08/BC-UBND');
  expect(text).toContain('Tân Phú, ngày');
  expect(text).toContain('KT. CHỦ TỊCH');
  expect(text).toContain('Ngô Thị Hạnh');
  expect(text).toContain('Phụ lục II');
  expect(text).toContain('Xã đã công khai đầy đủ thủ tục hành chính');
  expect(errors).toEqual([]);
});
