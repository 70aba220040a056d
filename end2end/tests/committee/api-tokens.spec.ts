import { test, expect } from '@playwright/test';
import { asAdmin, open, unique } from '../support';

test('the committee makes an API token, copies it once, a portal reads with it, and the committee revokes it', async ({ browser, request }, info) => {
  const js = info.project.name === 'hydrated';
  const code = unique(info, 'API').toUpperCase().replace(/[^A-Z0-9-]/g, '').slice(0, 32);
  const admin = await asAdmin(browser, js);
  const page = admin.page;
  await open(page, '/admin');
  await page.getByLabel('Mã', { exact: true }).fill(code);
  await page.getByLabel('Tên tiếng Việt').fill('Cuộc thi Khởi nghiệp Điện Biên');
  await page.getByLabel('Tên tiếng Anh').fill('Điện Biên Startup Contest');
  await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(page).toHaveURL(new RegExp(`/contests/${code}$`));

  await page.getByRole('link', { name: 'Khóa API' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Khóa API của cuộc thi');
  await expect(page.getByText('Chưa có khóa nào.')).toBeVisible();

  // A token needs a name: the refusal says so, in place.
  const form = page.getByRole('region', { name: 'Tạo khóa mới' });
  await form.getByRole('button', { name: 'Tạo khóa' }).click();
  await expect(form.getByRole('alert')).toContainText('Hãy đặt tên cho khóa');

  await form.getByLabel('Tên khóa').fill('Cổng thông tin khởi nghiệp tỉnh');
  await form.getByRole('button', { name: 'Tạo khóa' }).click();
  const secretBox = page.getByRole('status').filter({ hasText: 'chỉ hiện một lần' });
  await expect(secretBox).toBeVisible();
  const secret = (await page.locator('#api-secret-value').textContent())!.trim();
  expect(secret).toMatch(/^jdk_[A-Za-z0-9_-]{43}$/);
  await expect(page.locator('table.api-tokens')).toContainText('Cổng thông tin khởi nghiệp tỉnh');
  await expect(page.locator('table.api-tokens')).toContainText('Chưa dùng');

  // A portal reads the contest's data with it; without it, it is refused.
  const headers = { Authorization: `Bearer ${secret}` };
  const judges = await request.get(`/api/v1/contests/${code}/judges.csv`, { headers });
  expect(judges.status()).toBe(200);
  expect((await judges.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect((await request.get(`/api/v1/contests/${code}/judges.csv`)).status()).toBe(401);
  const results = await request.get(`/api/v1/contests/${code}/results`);
  expect(await results.json()).toMatchObject({ contest: { code }, rounds: [] });

  // Read again, the page never shows the secret, and says the token was used.
  await open(page, `/contests/${code}/api`);
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(page.locator('table.api-tokens')).not.toContainText('Chưa dùng');

  await page.getByRole('button', { name: /^Thu hồi/ }).click();
  await expect(page.locator('table.api-tokens')).toContainText('Đã thu hồi lúc');
  const refused = await request.get(`/api/v1/contests/${code}/judges.csv`, { headers });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).code).toBe('api.token_invalid');

  // On a phone the page reads without scrolling sideways.
  await page.setViewportSize({ width: 390, height: 800 });
  await open(page, `/contests/${code}/api`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await admin.context.close();
});
