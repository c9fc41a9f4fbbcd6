import { test, expect } from '@playwright/test';
import { logInAs, postLogIn, watchErrors } from './support';

// A conclusion notice's task list: a title row and an "attached to" line above the header, and
// no reform-area headings.
function noticeCsv(project: string) {
  return [
    'DANH MỤC NHIỆM VỤ;;;;;',
    '(Kèm theo Thông báo kết luận của Chủ tịch UBND tỉnh);;;;;',
    'STT;Nội dung nhiệm vụ;Cơ quan chủ trì;Cơ quan phối hợp;Thời gian hoàn thành;Sản phẩm dự kiến',
    `1;Chấn chỉnh việc tiếp nhận hồ sơ tại Bộ phận Một cửa (${project});Văn phòng UBND tỉnh;Sở Nội vụ;Tháng 12/2026;Báo cáo`,
    `2;Nâng cấp phần mềm một cửa điện tử cấp xã (${project});Sở Khoa học và Công nghệ;;Quý IV/2026;Phần mềm`,
  ].join('\n');
}

test('the PAR office records a conclusion notice, imports its task list choosing the areas, and the unit finds the tasks by source', async ({ page }, info) => {
  const errors = watchErrors(page);
  const project = info.project.name;
  // Ends in 7 before the slash: never a demo document's number.
  const number = `${Date.now() % 100000}7/TB-${project === 'no-js' ? 'NOJS' : 'UBND'}`;
  const title = `Thông báo kết luận về chấn chỉnh kỷ luật hành chính (${project})`;

  await logInAs(page, 'sonv.cchc');
  await page.goto('/plans');
  await expect(page.getByRole('heading', { level: 2, name: 'Văn bản chỉ đạo, thông báo kết luận' })).toBeVisible();
  await page.getByRole('link', { name: 'Thêm văn bản chỉ đạo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thêm văn bản chỉ đạo' })).toBeVisible();
  await page.getByLabel('Số hiệu văn bản').fill(number);
  await page.getByLabel('Trích yếu').fill(title);
  await page.getByLabel('Loại kế hoạch').selectOption('conclusion');
  await page.getByLabel('Ngày ban hành').fill('2026-11-20');
  await page.getByLabel('Người ký').fill('Chủ tịch Lê Văn Quang');
  await page.getByLabel('Tóm tắt nội dung').fill('Chấn chỉnh kỷ luật, kỷ cương hành chính tại Bộ phận Một cửa các cấp.');
  await page.getByLabel('Trạng thái').selectOption('in_force');
  await page.getByRole('button', { name: 'Tạo mới' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('Người ký: Chủ tịch Lê Văn Quang')).toBeVisible();

  await page.getByRole('link', { name: 'Nhập từ Excel/CSV' }).click();
  await page.getByLabel('Tệp bảng nhiệm vụ (XLSX, XLS hoặc CSV)').setInputFiles({
    name: 'thong-bao.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(noticeCsv(project), 'utf-8'),
  });
  await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Xem trước dữ liệu nhập' })).toBeVisible();
  const summary = page.getByRole('status').filter({ hasText: 'dòng có lỗi' });
  await expect(summary).toContainText('2 dòng có lỗi');
  await expect(page.getByRole('button', { name: 'Xác nhận lưu tất cả' })).toBeDisabled();

  // One area for every row, then another for the software row.
  const all = page.locator('form.area-form', { has: page.getByLabel('Lĩnh vực cho mọi nhiệm vụ') });
  await all.getByLabel('Lĩnh vực cho mọi nhiệm vụ').selectOption({ label: 'Cải cách thủ tục hành chính' });
  await all.getByRole('button', { name: 'Chọn' }).click();
  await expect(summary).toContainText('0 dòng có lỗi');
  const row = page.getByRole('row', { name: /Nâng cấp phần mềm một cửa điện tử cấp xã/ });
  await row.getByLabel('Lĩnh vực của dòng này').selectOption({ label: 'Xây dựng và phát triển Chính phủ điện tử, Chính phủ số' });
  await row.getByRole('button', { name: 'Chọn' }).click();
  await expect(page.getByRole('row', { name: /Nâng cấp phần mềm một cửa điện tử cấp xã/ }))
    .toContainText('Xây dựng và phát triển Chính phủ điện tử, Chính phủ số');
  await page.screenshot({ path: `artifacts/directive-import-${project}.png`, fullPage: true });
  await page.getByRole('button', { name: 'Xác nhận lưu tất cả' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Cải cách thủ tục hành chính' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Xây dựng và phát triển Chính phủ điện tử, Chính phủ số' })).toBeVisible();

  // The Department of Science and Technology finds its new task among the directives' tasks.
  await postLogIn(page, 'skhcn.giamdoc');
  await page.goto('/my-tasks');
  await page.getByLabel('Nguồn nhiệm vụ').selectOption({ label: 'Các văn bản chỉ đạo đang thực hiện' });
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByRole('link', { name: `Nâng cấp phần mềm một cửa điện tử cấp xã (${project})` })).toBeVisible();
  await expect(page.getByText('Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh')).toHaveCount(0);
  await page.screenshot({ path: `artifacts/my-tasks-directives-${project}.png`, fullPage: true });
  expect(errors).toEqual([]);
});
