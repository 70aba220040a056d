import { test, expect } from '@playwright/test';
import { asAdmin, askForAccount, mailedLink, open, signUp, unique, PASSWORD } from '../support';

test('a founder asks for an account, opens the mailed link, chooses a password and is signed in', async ({ page }, info) => {
  const email = `${unique(info, 'lan')}@example.vn`;
  await signUp(page, 'Nguyễn Thị Lan', email);
  await expect(page.getByRole('link', { name: 'Nguyễn Thị Lan' })).toBeVisible();
});

test('a weak password is refused with the reason, keeping the name and the link', async ({ page, browser }, info) => {
  const email = `${unique(info, 'minh')}@example.vn`;
  await askForAccount(page, 'Trần Văn Minh', email);
  await open(page, await mailedLink(browser, email, '/confirm'));
  await expect(page.getByText(`Đặt mật khẩu cho ${email}.`)).toBeVisible();
  await page.getByLabel('Mật khẩu').fill('123456789');
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByRole('alert')).toContainText('Mật khẩu này quá phổ biến');
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Trần Văn Minh');
  await expect(page.getByLabel('Mật khẩu')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Mật khẩu').fill('aaaaaaaaaa');
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByRole('alert')).toContainText('Mật khẩu này dễ đoán');

  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByText('Đã đăng nhập: Trần Văn Minh.')).toBeVisible();
});

test('asking again with an email that has an account says the same, and the owner is told by mail', async ({ page, browser }, info) => {
  const email = `${unique(info, 'dup')}@example.vn`;
  await signUp(page, 'Lê Hoa', email);
  const other = await (await browser.newContext({ javaScriptEnabled: info.project.name === 'hydrated' })).newPage();
  await askForAccount(other, 'Kẻ Lạ', email);
  await expect(other.getByRole('alert')).toBeEmpty();
  const admin = await asAdmin(browser, info.project.name === 'hydrated');
  await open(admin.page, '/admin/outbox');
  await expect(
    admin.page.locator('li.mail', { hasText: email }).filter({ hasText: 'JuryDesk: bạn đã có tài khoản' }),
  ).toHaveCount(1);
  await admin.context.close();
});
