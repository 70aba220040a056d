import { test, expect, type Page, type Browser, type TestInfo } from '@playwright/test';

export const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL ?? 'admin@e2e.test';
export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? 'quản-trị-e2e-2026';
export const PASSWORD = 'ngựa-vằn-ăn-cỏ';

/** A value unique to this test run and project, so both projects share one server. */
export function unique(info: TestInfo, prefix: string): string {
  return `${prefix}-${info.project.name}-${Date.now().toString(36)}`;
}

/** Opens a page and, when JavaScript runs, waits until the app has hydrated. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  if (await jsEnabled(page)) {
    await expect(page.locator('[data-hydrated="true"]')).toBeAttached();
  }
}

/** Whether the running project lets pages run JavaScript. */
export async function jsEnabled(_page: Page): Promise<boolean> {
  return test.info().project.use.javaScriptEnabled !== false;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await open(page, '/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
}

export async function signUp(page: Page, name: string, email: string, password = PASSWORD): Promise<void> {
  await open(page, '/signup');
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByText(`Đã đăng nhập: ${name}.`)).toBeVisible();
}

/** A second, separate browser session (its own cookies) for another persona. */
export async function asAdmin(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  return { context, page };
}
