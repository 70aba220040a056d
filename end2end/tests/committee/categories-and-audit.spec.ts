import { test, expect } from '@playwright/test';
import { asAdmin, open, unique } from '../support';

test('the committee adds categories to a contest and reads what changed in its audit log', async ({ browser }, info) => {
  const js = info.project.name === 'hydrated';
  const code = unique(info, 'AU').toUpperCase().slice(0, 32);
  const admin = await asAdmin(browser, js);
  const page = admin.page;
  await open(page, '/admin');
  await page.getByLabel('Mã', { exact: true }).fill(code);
  await page.getByLabel('Tên tiếng Việt').fill('Cuộc thi Đổi mới sáng tạo Hà Giang');
  await page.getByLabel('Tên tiếng Anh').fill('Hà Giang Innovation Contest');
  await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(page).toHaveURL(new RegExp(`/contests/${code}$`));
  await expect(page.getByText('Cuộc thi chưa có bảng nào.')).toBeVisible();

  // Every field at fault is named at once, and what was typed stays.
  const addCategory = page.getByRole('region', { name: 'Thêm bảng' });
  await addCategory.getByLabel('Mã', { exact: true }).fill('N N');
  await addCategory.getByLabel('Tên tiếng Việt').fill('Nông nghiệp công nghệ cao');
  await addCategory.getByRole('button', { name: 'Thêm bảng' }).click();
  const alert = addCategory.getByRole('alert');
  await expect(alert).toContainText('Mã bảng dùng 2 đến 32 chữ cái');
  await expect(alert).toContainText('Nhập tên bảng bằng cả hai thứ tiếng');
  await expect(addCategory.getByLabel('Tên tiếng Việt')).toHaveValue('Nông nghiệp công nghệ cao');

  await addCategory.getByLabel('Mã', { exact: true }).fill('nn');
  await addCategory.getByLabel('Tên tiếng Anh').fill('High-tech agriculture');
  await addCategory.getByRole('button', { name: 'Thêm bảng' }).click();
  await expect(addCategory.getByRole('status')).toContainText('Đã thêm bảng.');
  await expect(page.locator('ul.categories')).toContainText('NN · Nông nghiệp công nghệ cao');

  // The committee changes the contest's English name; the audit log keeps before and after.
  const details = page.getByRole('region', { name: 'Thông tin cuộc thi' });
  await details.getByLabel('Tên tiếng Anh').fill('Hà Giang Innovation Contest 2026');
  await details.getByRole('button', { name: 'Lưu' }).click();
  await expect(details.getByRole('status')).toContainText('Đã lưu.');
  await expect(details.getByLabel('Tên tiếng Anh')).toHaveValue('Hà Giang Innovation Contest 2026');

  // The committee's own invitation form, on the contest page.
  const judge = `${unique(info, 'gk')}@example.vn`;
  await page.getByLabel('Email').fill(judge);
  await page.getByRole('button', { name: 'Gửi lời mời' }).click();
  await expect(page.getByRole('region', { name: /^Mời thành viên/ }).getByRole('status')).toContainText('Lời mời đã được ghi vào hộp thư đi.');
  await expect(page.locator('table.members')).toContainText(judge);
  await expect(page.locator('table.members')).toContainText('đã mời');

  await page.getByRole('link', { name: 'Nhật ký thay đổi của cuộc thi' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhật ký thay đổi');
  const rows = page.locator('table.audit tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText('invitation.created');
  await expect(rows.nth(1)).toContainText('contest.updated');
  await expect(rows.nth(1)).toContainText('Hà Giang Innovation Contest → Hà Giang Innovation Contest 2026');
  await expect(rows.nth(2)).toContainText('category.created');
  await expect(rows.nth(2)).toContainText('Nông nghiệp công nghệ cao');
  await expect(rows.last()).toContainText('contest.created');

  await page.getByLabel('Loại').fill('contest');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page).toHaveURL(/kind=contest/);
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('contest.updated');
  await expect(rows.last()).toContainText('contest.created');
  await admin.context.close();
});
