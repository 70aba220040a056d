import { test, expect } from '@playwright/test';
import { open, signUp, unique, PASSWORD } from '../support';

test('a founder signs up and is signed in', async ({ page }, info) => {
  const email = `${unique(info, 'lan')}@example.vn`;
  await signUp(page, 'Nguyễn Thị Lan', email);
  await expect(page.getByRole('link', { name: 'Nguyễn Thị Lan' })).toBeVisible();
});

test('a weak password is refused with the reason, keeping what was typed', async ({ page }, info) => {
  const email = `${unique(info, 'minh')}@example.vn`;
  await open(page, '/signup');
  await page.getByLabel('Họ và tên').fill('Trần Văn Minh');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill('123456789');
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByRole('alert')).toContainText('Mật khẩu này quá phổ biến');
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Trần Văn Minh');
  await expect(page.getByLabel('Mật khẩu')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByText('Đã đăng nhập: Trần Văn Minh.')).toBeVisible();
});

test('a duplicate email is refused', async ({ page, browser }, info) => {
  const email = `${unique(info, 'dup')}@example.vn`;
  await signUp(page, 'Lê Hoa', email);
  const other = await (await browser.newContext({ javaScriptEnabled: info.project.name === 'hydrated' })).newPage();
  await open(other, '/signup');
  await other.getByLabel('Họ và tên').fill('Lê Hoa');
  await other.getByLabel('Email').fill(email);
  await other.getByLabel('Mật khẩu').fill(PASSWORD);
  await other.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(other.getByRole('alert')).toContainText('Email này đã có tài khoản');
});
