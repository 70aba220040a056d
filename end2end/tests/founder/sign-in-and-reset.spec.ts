import { test, expect } from '@playwright/test';
import { asAdmin, open, signIn, signUp, unique, PASSWORD } from '../support';

test('sign out, then sign in again; a wrong password gets one neutral message', async ({ page }, info) => {
  const email = `${unique(info, 'in')}@example.vn`;
  await signUp(page, 'Phạm Thu', email);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page.getByRole('link', { name: 'Đăng nhập' })).toBeVisible();

  await open(page, '/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill('not-the-password');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('alert')).toContainText('Email hoặc mật khẩu không đúng.');
  await expect(page.getByLabel('Email')).toHaveValue(email);

  await signIn(page, email, PASSWORD);
});

test('a forgotten password is reset through the emailed link, once', async ({ page, browser }, info) => {
  const email = `${unique(info, 'reset')}@example.vn`;
  await signUp(page, 'Đỗ Quang', email);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  await open(page, '/forgot');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Gửi liên kết đặt lại' }).click();
  await expect(page.getByRole('status')).toContainText('liên kết đặt lại đang được gửi');

  // Without SMTP the administrator reads the mail in the outbox.
  const admin = await asAdmin(browser, info.project.name === 'hydrated');
  await open(admin.page, '/admin/outbox');
  const mail = admin.page.locator('li.mail', { hasText: email }).first();
  const body = await mail.locator('pre.body').innerText();
  const link = body.match(/https?:\/\/\S+\/reset\?token=\S+/)![0];
  await admin.context.close();

  const path = new URL(link).pathname + new URL(link).search;
  await open(page, path);
  await page.getByLabel('Mật khẩu mới').fill('mật-khẩu-mới-2026');
  await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
  await expect(page.getByRole('status')).toContainText('Mật khẩu đã được đổi');
  await signIn(page, email, 'mật-khẩu-mới-2026');

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await open(page, path);
  await page.getByLabel('Mật khẩu mới').fill('another-fine-pass-2026');
  await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
  await expect(page.getByRole('alert')).toContainText('Liên kết không đúng, đã hết hạn hoặc đã được dùng');
});
