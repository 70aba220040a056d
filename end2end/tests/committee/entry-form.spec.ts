import { test, expect } from '@playwright/test';
import { asAdmin, jsEnabled, open, signUp, unique } from '../support';

/** `YYYY-MM-DDTHH:MM` in Vietnam's time (UTC+7, no daylight saving), `days` from now. */
function vietnamTime(days: number): string {
  const t = new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000);
  return t.toISOString().slice(0, 16);
}

test('the committee adds its own questions, and a founder answers them, a file included', async ({ browser, page }, info) => {
  const js = await jsEnabled(page);
  const code = unique(info, 'QF').toUpperCase().slice(0, 24);
  const admin = await asAdmin(browser, js);
  const p = admin.page;
  await open(p, '/admin');
  await p.getByLabel('Mã', { exact: true }).fill(code);
  await p.getByLabel('Tên tiếng Việt').fill('Cuộc thi Ý tưởng khởi nghiệp Hà Giang');
  await p.getByLabel('Tên tiếng Anh').fill('Hà Giang Startup Idea Contest');
  await p.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(p).toHaveURL(new RegExp(`/contests/${code}$`));
  const details = p.getByRole('region', { name: 'Thông tin cuộc thi' });
  await details.getByLabel('Mở từ').fill(vietnamTime(-1));
  await details.getByLabel('Hạn chót').fill(vietnamTime(30));
  await details.getByLabel('Công bố kết quả').fill(vietnamTime(60));
  await details.getByRole('button', { name: 'Lưu' }).click();
  await expect(details.getByRole('status')).toContainText('Đã lưu.');
  // The timeline, in order, in the contest's time zone.
  await expect(p.locator('ol.timeline li')).toHaveCount(3);
  await expect(p.locator('ol.timeline li').last()).toContainText('Công bố kết quả');

  await p.getByRole('link', { name: 'Sửa câu hỏi của mẫu hồ sơ' }).click();
  await expect(p).toHaveURL(new RegExp(`/contests/${code}/form`));
  if (js) await expect(p.locator('[data-hydrated="true"]')).toBeAttached();
  const first = p.getByRole('group', { name: 'Câu hỏi 1' });
  // A key the core form uses is refused at it, and what was typed stays.
  await first.getByLabel('Mã (a-z, 0-9, _)').fill('title');
  await first.getByLabel('Loại câu trả lời').selectOption('number');
  await first.getByLabel('Câu hỏi tiếng Việt').fill('Số lao động');
  await first.getByLabel('Số nhỏ nhất').fill('0');
  await first.getByLabel('Số lớn nhất').fill('500');
  await p.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await expect(p.getByRole('alert')).toContainText('Mã này đã được một câu hỏi khác hoặc mẫu hồ sơ dùng');
  await expect(first.getByLabel('Câu hỏi tiếng Việt')).toHaveValue('Số lao động');
  await expect(first.getByLabel('Số lớn nhất')).toHaveValue('500');
  await first.getByLabel('Mã (a-z, 0-9, _)').fill('staff');
  const second = p.getByRole('group', { name: 'Câu hỏi 2' });
  await second.getByLabel('Mã (a-z, 0-9, _)').fill('plan');
  await second.getByLabel('Loại câu trả lời').selectOption('file');
  await second.getByLabel('Câu hỏi tiếng Việt').fill('Kế hoạch kinh doanh');
  await second.getByLabel('Bắt buộc khi nộp').check();
  await p.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await expect(p.getByRole('status')).toContainText('Đã lưu các câu hỏi.');
  // Two more blank rows for the next questions.
  await expect(p.getByRole('group', { name: 'Câu hỏi 4' })).toBeVisible();
  const listed = p.getByRole('region', { name: 'Câu hỏi của cuộc thi' });
  await expect(listed).toContainText('Số lao động · Số: từ 0 đến 500');
  await expect(listed).toContainText('Kế hoạch kinh doanh *');
  await admin.context.close();

  // A founder reads the questions on the contest page and answers them.
  await signUp(page, 'Vàng Thị Mỷ', `${unique(info, 'my')}@example.vn`);
  await open(page, `/contests/${code}`);
  await expect(page.getByRole('region', { name: 'Câu hỏi của cuộc thi' })).toContainText('Số lao động');
  await page.getByRole('button', { name: 'Bắt đầu một bài dự thi' }).click();
  await expect(page).toHaveURL(new RegExp(`/entries/${code}-0001`));
  if (js) await expect(page.locator('[data-hydrated="true"]')).toBeAttached();
  await page.getByLabel('Tên ý tưởng').fill('Chè Shan tuyết cổ thụ');
  await page.getByLabel('Số lao động').fill('nhiều');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Hãy nhập một số' })).toBeVisible();
  await expect(page.getByLabel('Số lao động')).toHaveValue('nhiều');
  await expect(page.getByLabel('Tên ý tưởng')).toHaveValue('Chè Shan tuyết cổ thụ');
  await page.getByLabel('Số lao động').fill('12');
  await page.getByLabel('Tóm tắt').fill('Chè cổ thụ chế biến tại chỗ.');
  await page.getByLabel('Vấn đề cần giải quyết').fill('Giá chè tươi thấp.');
  await page.getByLabel('Giải pháp').fill('Xưởng chế biến của hợp tác xã.');
  await page.getByLabel('Thị trường và khách hàng').fill('Khách du lịch và siêu thị.');
  await page.getByLabel('Mô hình kinh doanh').fill('Bán lẻ và bán sỉ.');
  await page.getByLabel('Giai đoạn').selectOption('idea');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  if (!js) await expect(page.getByText('Đã lưu bản nháp.')).toBeVisible();
  else await expect(page.locator('.save-state')).toContainText('Đã lưu lúc');

  // The required file is missing: submitting names it.
  await page.getByRole('button', { name: 'Nộp bài dự thi' }).click();
  await expect(page.getByText(/Để nộp, hãy điền: Kế hoạch kinh doanh/)).toBeVisible();
  const plan = page.getByRole('group', { name: 'Kế hoạch kinh doanh *' });
  await plan.getByLabel(/Chọn tệp/).setInputFiles({
    name: 'ke-hoach.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n' + 'x'.repeat(3000)),
  });
  await plan.getByRole('button', { name: 'Tải lên' }).click();
  await expect(plan.getByRole('link', { name: 'ke-hoach.pdf' })).toBeVisible();
  if (js) await expect(page.locator('[data-hydrated="true"]')).toBeAttached();
  await page.getByRole('button', { name: 'Nộp bài dự thi' }).click();
  await expect(page.getByText('Bài dự thi đã được nộp.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Số lao động')).toHaveValue('12');
});
