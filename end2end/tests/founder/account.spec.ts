import { test, expect } from '@playwright/test';
import { open, signIn, signUp, unique, PASSWORD } from '../support';

test('a founder changes the password and signs out the other browser', async ({ page, browser }, info) => {
  const js = info.project.name === 'hydrated';
  const email = `${unique(info, 'doi')}@example.vn`;
  await signUp(page, 'Hoàng Anh', email);
  const phone = await (await browser.newContext({ javaScriptEnabled: js })).newPage();
  await signIn(phone, email, PASSWORD);

  await open(page, '/account');
  await page.getByLabel('Mật khẩu hiện tại').fill('không-phải-mật-khẩu');
  await page.getByLabel('Mật khẩu mới').fill('mật-khẩu-mới-của-anh');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Mật khẩu hiện tại không đúng.' })).toBeVisible();

  await page.getByLabel('Mật khẩu hiện tại').fill(PASSWORD);
  await page.getByLabel('Mật khẩu mới').fill('mật-khẩu-mới-của-anh');
  await expect(page.getByLabel('Đăng xuất khỏi các phiên khác')).toBeChecked();
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu.' })).toBeVisible();

  await open(page, '/account');
  await expect(page.getByRole('heading', { name: 'Tài khoản', exact: true })).toBeVisible();
  await open(phone, '/account');
  await expect(phone.getByText('Vui lòng đăng nhập')).toBeVisible();
  await signIn(phone, email, 'mật-khẩu-mới-của-anh');
});
