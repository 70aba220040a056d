import { test, expect } from '@playwright/test';
import { asAdmin, open, signUp, unique } from '../support';

test('an administrator creates a contest; the public and a new founder see it', async ({ page, browser }, info) => {
  const js = info.project.name === 'hydrated';
  const code = unique(info, 'LS').toUpperCase().slice(0, 32);
  const admin = await asAdmin(browser, js);
  await open(admin.page, '/admin');

  // A bad code is refused with the reason; the names typed are kept.
  await admin.page.getByLabel('Mã', { exact: true }).fill('LS 2025');
  await admin.page.getByLabel('Tên tiếng Việt').fill('Cuộc thi Ý tưởng khởi nghiệp Lạng Sơn');
  await admin.page.getByLabel('Tên tiếng Anh').fill('Lạng Sơn Startup Idea Contest');
  await admin.page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(admin.page.getByRole('alert').first()).toContainText('Mã gồm 2 đến 32 chữ cái');
  await expect(admin.page.getByLabel('Tên tiếng Việt')).toHaveValue('Cuộc thi Ý tưởng khởi nghiệp Lạng Sơn');

  await admin.page.getByLabel('Mã', { exact: true }).fill(code);
  await admin.page.getByLabel('Mô tả tiếng Việt').fill('Dành cho sinh viên và doanh nghiệp trẻ.');
  await admin.page.getByLabel('Mô tả tiếng Anh').fill('For students and young businesses.');
  await admin.page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(admin.page).toHaveURL(new RegExp(`/contests/${code}$`));
  await expect(admin.page.getByRole('heading', { level: 1 })).toHaveText('Cuộc thi Ý tưởng khởi nghiệp Lạng Sơn');
  await admin.context.close();

  await open(page, '/contests');
  await expect(page.getByRole('link', { name: 'Cuộc thi Ý tưởng khởi nghiệp Lạng Sơn' }).first()).toBeVisible();

  await signUp(page, 'Vũ Thị Mai', `${unique(info, 'mai')}@example.vn`);
  await open(page, `/contests/${code}`);
  await expect(page.getByText('Dành cho sinh viên và doanh nghiệp trẻ.')).toBeVisible();
});
