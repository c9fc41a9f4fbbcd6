import { test, expect, Page } from '@playwright/test';
import * as path from 'path';
import { logInAs, watchErrors } from './support';


test('the PAR office creates a plan, imports its task table from XLSX and confirms it', async ({ page }, info) => {
  const errors = watchErrors(page);
  // Ends in 9 before the slash: never contains a demo plan's number ("45/KH-UBND", "52/KH-UBND"),
  // which other tests find by text.
  const number = `${Date.now() % 100000}9/KH-${info.project.name === 'no-js' ? 'NOJS' : 'UBND'}`;
  await logInAs(page, 'sonv.cchc');
  await page.getByRole('navigation').getByRole('link', { name: 'Kế hoạch' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kế hoạch cải cách hành chính' })).toBeVisible();
  await page.getByRole('link', { name: 'Tạo kế hoạch' }).first().click();
  await page.getByLabel('Số hiệu văn bản').fill(number);
  await page.getByLabel('Trích yếu').fill('Kế hoạch cải cách hành chính bổ sung năm 2026');
  await page.getByLabel('Loại kế hoạch').selectOption('annual');
  await page.getByLabel('Ngày ban hành').fill('2026-03-02');
  await page.getByLabel('Trạng thái').selectOption('in_force');
  await page.getByRole('button', { name: 'Tạo mới' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kế hoạch cải cách hành chính bổ sung năm 2026' })).toBeVisible();
  await expect(page.getByText('0 nhiệm vụ phù hợp.')).toBeVisible();

  await page.getByRole('link', { name: 'Nhập từ Excel/CSV' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập bảng nhiệm vụ' })).toBeVisible();
  await page.getByLabel('Tệp bảng nhiệm vụ (XLSX, XLS hoặc CSV)').setInputFiles(path.join(__dirname, '..', 'fixtures', 'ke-hoach-mau.xlsx'));
  await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Xem trước dữ liệu nhập' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'dòng có lỗi' })).toContainText('0 dòng có lỗi');
  await expect(page.getByRole('cell', { name: 'Triển khai ký số trên thiết bị di động cho cán bộ, công chức' })).toBeVisible();
  await page.screenshot({ path: `artifacts/import-preview-${info.project.name}.png`, fullPage: true });
  await page.getByRole('button', { name: 'Xác nhận lưu tất cả' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kế hoạch cải cách hành chính bổ sung năm 2026' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Duy trì hoạt động Bộ phận Một cửa' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Cải cách thủ tục hành chính' })).toBeVisible();
  await page.screenshot({ path: `artifacts/plan-page-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('a unit officer updates progress with an evidence file and sees the class change', async ({ page }, info) => {
  const errors = watchErrors(page);
  // Each project completes its own demo task of Sở Tư pháp.
  const title = info.project.name === 'no-js'
    ? 'Kiểm tra, xử lý văn bản quy phạm pháp luật sau khi ban hành'
    : 'Theo dõi tình hình thi hành pháp luật trong lĩnh vực xử lý vi phạm hành chính';
  await logInAs(page, 'stp.chuyenvien');
  await expect(page.getByRole('heading', { level: 1, name: 'Nhiệm vụ của đơn vị' })).toBeVisible();
  await page.screenshot({ path: `artifacts/my-tasks-${info.project.name}.png`, fullPage: true });
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const status = page.locator('.task-status');
  // Not completed yet (in progress, or overdue once the demo's dates have passed).
  await expect(status).toContainText('Đang thực hiện');
  await expect(status).not.toContainText('Hoàn thành');

  await page.getByLabel('Tiến độ (%)').fill('100');
  await page.getByLabel('Trạng thái thực hiện').selectOption('completed');
  const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel('Ngày hoàn thành').fill(today);
  await page.getByLabel('Nội dung cập nhật').first().fill('Đã hoàn thành, gửi kèm báo cáo kết quả.');
  await page.getByLabel('Tài liệu kiểm chứng').first().setInputFiles({
    name: 'bao-cao-ket-qua.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
  });
  await page.getByRole('button', { name: 'Gửi cập nhật' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu cập nhật.' })).toBeVisible();
  // Completed today: on time while within the deadline (late once the demo's dates have passed).
  await expect(status).toContainText(/Hoàn thành (đúng|quá) hạn/);
  await expect(status).toContainText('Đã hoàn thành');
  await expect(page.getByRole('link', { name: 'bao-cao-ket-qua.pdf' })).toBeVisible();
  await page.screenshot({ path: `artifacts/task-page-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('a bad progress value is refused with a message and nothing changes', async ({ page }) => {
  await logInAs(page, 'stp.chuyenvien');
  await page.getByRole('link', { name: 'Rà soát, đơn giản hóa thủ tục hành chính, giấy tờ công dân' }).click();
  // Sở Tư pháp only co-operates on this task: it may add a contribution, not move the task.
  await expect(page.getByRole('heading', { level: 2, name: 'Báo cáo phối hợp' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Cập nhật tiến độ' })).toHaveCount(0);
  await page.getByLabel('Nội dung cập nhật').fill('Sở Tư pháp đã có ý kiến về phương án đơn giản hóa.');
  await page.getByLabel('Tài liệu kiểm chứng').setInputFiles({
    name: 'chuong-trinh.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00'),
  });
  await page.getByRole('button', { name: 'Gửi cập nhật' }).click();
  await expect(page.getByRole('alert')).toContainText('Loại tệp không được chấp nhận');
  await expect(page.getByText('Sở Tư pháp đã có ý kiến về phương án đơn giản hóa.')).toHaveCount(0);
});
