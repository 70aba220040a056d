import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { asAdmin, jsEnabled, open, signUp, unique } from '../support';

/** `YYYY-MM-DDTHH:MM` in Vietnam's time (UTC+7, no daylight saving), `days` from now. */
function vietnamTime(days: number): string {
  const t = new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000);
  return t.toISOString().slice(0, 16);
}

/** The administrator makes a contest with one category, open for entries from yesterday. */
async function openContest(page: Page, code: string): Promise<void> {
  await open(page, '/admin');
  await page.getByLabel('Mã', { exact: true }).fill(code);
  await page.getByLabel('Tên tiếng Việt').fill('Cuộc thi Ý tưởng khởi nghiệp Cao Bằng');
  await page.getByLabel('Tên tiếng Anh').fill('Cao Bằng Startup Idea Contest');
  await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(page).toHaveURL(new RegExp(`/contests/${code}$`));
  await expect(page.getByText('Cuộc thi chưa nhận hồ sơ.')).toBeVisible();

  const addCategory = page.getByRole('region', { name: 'Thêm bảng' });
  await addCategory.getByLabel('Mã', { exact: true }).fill('NN');
  await addCategory.getByLabel('Tên tiếng Việt').fill('Nông nghiệp');
  await addCategory.getByLabel('Tên tiếng Anh').fill('Agriculture');
  await addCategory.getByRole('button', { name: 'Thêm bảng' }).click();
  await expect(addCategory.getByRole('status')).toContainText('Đã thêm bảng.');

  const details = page.getByRole('region', { name: 'Thông tin cuộc thi' });
  // A deadline before the opening is refused, naming the field.
  await details.getByLabel('Mở từ').fill(vietnamTime(-1));
  await details.getByLabel('Hạn chót').fill(vietnamTime(-2));
  await details.getByRole('button', { name: 'Lưu' }).click();
  await expect(details.getByRole('alert')).toContainText('hạn chót sau thời điểm mở');
  await details.getByLabel('Hạn chót').fill(vietnamTime(30));
  await details.getByRole('button', { name: 'Lưu' }).click();
  await expect(details.getByRole('status')).toContainText('Đã lưu.');
  // Who may enter: the committee sets it, everyone reads it in plain words.
  const conditions = page.getByRole('region', { name: 'Điều kiện tham gia' });
  await expect(conditions).toContainText('mọi người đều có thể tham gia');
  await conditions.getByText('Đặt điều kiện tham gia').click();
  await conditions.getByLabel('Tuổi tối thiểu của trưởng nhóm').fill('18');
  await conditions.getByLabel('Tuổi tối đa của trưởng nhóm').fill('35');
  await conditions.getByLabel('Tỉnh/thành được tham gia (cách nhau bằng dấu phẩy)').fill('Cao Bằng');
  await conditions.getByRole('button', { name: 'Lưu' }).click();
  await expect(conditions.getByRole('status')).toContainText('Đã lưu điều kiện tham gia');
  await expect(conditions.locator('ul.conditions')).toContainText('Sinh sống hoặc học tập tại: Cao Bằng.');
  await expect(conditions.locator('ul.conditions')).toContainText('Trưởng nhóm từ 18 đến 35 tuổi');
  // Submissions are open: the rules are locked and fingerprinted for everyone to see.
  await expect(page.locator('#rules')).toContainText('đã được khoá từ');
  await expect(page.locator('#rules code.fingerprint')).toHaveText(/^[0-9a-f]{64}$/);
}

test('a founder starts an entry, reloads mid-draft, submits once complete, edits and withdraws', async ({ page, browser }, info) => {
  const js = await jsEnabled(page);
  const code = unique(info, 'CB').toUpperCase().slice(0, 24);
  const admin = await asAdmin(browser, js);
  await openContest(admin.page, code);

  await signUp(page, 'Hoàng Thị Mai', `${unique(info, 'mai')}@example.vn`);
  await open(page, `/contests/${code}`);
  await expect(page.getByText(/Đang nhận hồ sơ đến/)).toBeVisible();
  await expect(page.locator('.countdown')).toHaveText(/^Còn (29|30) ngày \d+ giờ \d+ phút để nộp hồ sơ\.$/);
  await page.getByRole('button', { name: 'Bắt đầu một bài dự thi' }).click();
  await expect(page).toHaveURL(new RegExp(`/entries/${code}-0001`));
  await expect(page.getByRole('status').filter({ hasText: `Đã tạo bài dự thi ${code}-0001` })).toBeVisible();
  if (js) await expect(page.locator('[data-hydrated="true"]')).toBeAttached();

  await page.getByLabel('Tên ý tưởng').fill('Máy sấy nông sản năng lượng mặt trời');
  await page.getByLabel('Tóm tắt').fill('Buồng sấy chi phí thấp cho hợp tác xã vùng cao.');
  // Before the checks can tell, the entry is "not enough information", and says what to add.
  const eligibility = page.getByRole('region', { name: /Điều kiện tham gia/ });
  await expect(eligibility).toContainText('Chưa đủ thông tin');
  await expect(eligibility).toContainText('Hãy nhập ngày sinh của trưởng nhóm.');
  await page.getByLabel('Ngày sinh của trưởng nhóm').fill('1998-04-12');
  await page.getByLabel('Tỉnh/thành nơi sinh sống hoặc học tập').fill('Cao Bang');
  const member = page.getByRole('group', { name: 'Thành viên 1' });
  await member.getByLabel('Họ và tên').fill('Lê Văn Khoa');
  await member.getByLabel('Đơn vị').fill('Hợp tác xã Hòa An');
  if (js) {
    // Saved by itself a moment after typing stops; no button pressed.
    await expect(page.locator('.save-state')).toContainText('Đã lưu lúc');
  } else {
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(page.getByText('Đã lưu bản nháp.')).toBeVisible();
  }
  if (js) {
    // The checks answer with each autosave.
    await expect(eligibility.locator('h2')).toContainText('Đủ điều kiện');
  }
  await page.reload();
  await expect(eligibility.locator('h2')).toContainText('Đủ điều kiện');
  await expect(eligibility).toContainText('Hồ sơ ghi: Cao Bang.');
  await expect(page.getByLabel('Tên ý tưởng')).toHaveValue('Máy sấy nông sản năng lượng mặt trời');
  await expect(page.getByLabel('Tóm tắt')).toHaveValue('Buồng sấy chi phí thấp cho hợp tác xã vùng cao.');
  await expect(member.getByLabel('Họ và tên')).toHaveValue('Lê Văn Khoa');
  if (js) await expect(page.locator('[data-hydrated="true"]')).toBeAttached();

  // Attachments: a file that is not a PDF inside is refused with what to do; a PDF is kept,
  // and the typed draft is untouched either way.
  const files = page.getByRole('region', { name: 'Tệp đính kèm' });
  await expect(files).toContainText('pdf; mỗi tệp tối đa 20 MB');
  await files.getByLabel('Chọn tệp').setInputFiles({
    name: 'anh-chup.pdf', mimeType: 'application/pdf', buffer: Buffer.from('GIF89a\x01\x00\x01\x00'),
  });
  await files.getByRole('button', { name: 'Tải lên' }).click();
  await expect(files.getByRole('alert')).toContainText('Nội dung tệp không thuộc loại cuộc thi nhận (pdf)');
  const pdf = Buffer.from('%PDF-1.7\n% Kế hoạch kinh doanh\n' + 'x'.repeat(4000));
  await files.getByLabel('Chọn tệp').setInputFiles({ name: 'Kế hoạch kinh doanh.pdf', mimeType: 'application/pdf', buffer: pdf });
  await files.getByRole('button', { name: 'Tải lên' }).click();
  const plan = files.getByRole('link', { name: 'Kế hoạch kinh doanh.pdf' });
  await expect(plan).toBeVisible();
  if (!js) await expect(page.getByText('Đã thêm tệp đính kèm.')).toBeVisible();
  await expect(page.getByLabel('Tên ý tưởng')).toHaveValue('Máy sấy nông sản năng lượng mặt trời');
  const [saved] = await Promise.all([page.waitForEvent('download'), plan.click()]);
  expect(saved.suggestedFilename()).toBe('Kế hoạch kinh doanh.pdf');
  expect(readFileSync(await saved.path()).equals(pdf)).toBe(true);
  if (js) await expect(page.locator('[data-hydrated="true"]')).toBeAttached();

  // Submitting with fields empty keeps a draft and names what is missing.
  await page.getByRole('button', { name: 'Nộp bài dự thi' }).click();
  await expect(page.getByText(/Để nộp, hãy điền: Lĩnh vực, Vấn đề cần giải quyết/)).toBeVisible();
  await expect(page.locator('.facts')).toContainText('Bản nháp');

  await page.getByLabel('Lĩnh vực').selectOption('NN');
  await page.getByLabel('Vấn đề cần giải quyết').fill('Nông dân mất 30% sản lượng sau thu hoạch.');
  await page.getByLabel('Giải pháp').fill('Buồng sấy lắp ráp tại chỗ.');
  await page.getByLabel('Thị trường và khách hàng').fill('12 hợp tác xã ở Cao Bằng.');
  await page.getByLabel('Mô hình kinh doanh').fill('Bán và cho thuê theo mùa vụ.');
  await page.getByLabel('Giai đoạn').selectOption('prototype');
  await page.getByRole('button', { name: 'Nộp bài dự thi' }).click();
  await expect(page.getByText('Bài dự thi đã được nộp.')).toBeVisible();
  await expect(page.locator('.facts')).toContainText('Đã nộp');

  // Still editable until the deadline.
  await page.getByLabel('Tên ý tưởng').fill('Máy sấy nông sản Cao Bằng');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByText(/Đã lưu/).first()).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Tên ý tưởng')).toHaveValue('Máy sấy nông sản Cao Bằng');

  // The committee finds it without typing accents.
  await open(admin.page, `/contests/${code}/entries?q=nong+san+cao+bang`);
  await expect(admin.page.locator('table.entries tbody tr')).toHaveCount(1);
  await expect(admin.page.locator('table.entries')).toContainText('Máy sấy nông sản Cao Bằng');
  await expect(admin.page.locator('table.entries')).toContainText('Hoàng Thị Mai');
  // The same list as a CSV that Excel opens with Vietnamese intact.
  const [download] = await Promise.all([
    admin.page.waitForEvent('download'),
    admin.page.getByRole('link', { name: 'Tải về dạng CSV (Excel)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${code}-entries.csv`);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv.split('\n').filter((l) => l.trim()).length).toBe(2);
  expect(csv).toContain('Máy sấy nông sản Cao Bằng');
  // The committee decides otherwise, with a reason the team reads.
  await open(admin.page, `/entries/${code}-0001`);
  const decide = admin.page.getByRole('region', { name: /Điều kiện tham gia/ });
  await decide.getByText('Quyết định của Ban tổ chức').click();
  await decide.getByLabel('Quyết định').selectOption('ineligible');
  await decide.getByLabel('Lý do (nhóm dự thi sẽ đọc được)').fill('Trưởng nhóm không cư trú tại Cao Bằng.');
  await decide.getByRole('button', { name: 'Ghi quyết định' }).click();
  await expect(admin.page.getByText('Đã ghi quyết định.').first()).toBeVisible();
  await admin.context.close();
  await page.reload();
  await expect(eligibility.locator('h2')).toContainText('Không đủ điều kiện');
  await expect(eligibility).toContainText('Lý do: Trưởng nhóm không cư trú tại Cao Bằng.');

  if (js) await expect(page.locator('[data-hydrated="true"]')).toBeAttached();
  await page.getByText('Rút bài dự thi', { exact: true }).click();
  await page.getByRole('button', { name: 'Đồng ý rút bài' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Bài dự thi đã được rút.' })).toBeVisible();
  await expect(page.locator('.facts')).toContainText('Đã rút');
  await expect(page.getByLabel('Tên ý tưởng')).toHaveCount(0);
  await expect(page.locator('ul.team')).toContainText('Lê Văn Khoa (Hợp tác xã Hòa An)');
  await expect(files.getByRole('link', { name: 'Kế hoạch kinh doanh.pdf' })).toBeVisible();
  await expect(files.getByRole('button', { name: 'Tải lên' })).toHaveCount(0);

  await open(page, '/entries');
  await expect(page.locator('li.card', { hasText: `${code}-0001` })).toContainText('Đã rút');
});
