import { test, expect } from '@playwright/test';
import { open } from '../support';

test('the language switch shows the site in English and back in Vietnamese', async ({ page }) => {
  await open(page, '/contests');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cuộc thi');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contests');
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await open(page, '/signin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');

  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng nhập');
});

test('an unknown page says so in the reader\'s language', async ({ page }) => {
  await open(page, '/khong-co');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
});
