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
export async function jsEnabled(_page?: Page): Promise<boolean> {
  return test.info().project.use.javaScriptEnabled !== false;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await open(page, '/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
}

/**
 * A client address of its own for each email. The server trusts 127.0.0.1 as a proxy in
 * these tests, so every persona is its own visitor for the per-address limits.
 */
export function addressFor(email: string): string {
  let h = 7;
  for (const c of email) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `10.${(h >> 16) & 255}.${(h >> 8) & 255}.${h & 255}`;
}

/** Asks for an account: name and email; the page then says a link is on its way. */
export async function askForAccount(page: Page, name: string, email: string): Promise<void> {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': addressFor(email) });
  await open(page, '/signup');
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Gửi liên kết cho tôi' }).click();
  await expect(page.getByRole('status')).toContainText('đang được gửi tới');
}

/** The newest link to `path` mailed to `email`, read by the administrator in the outbox. */
export async function mailedLink(browser: Browser, email: string, path: string): Promise<string> {
  const admin = await asAdmin(browser, await jsEnabled(undefined));
  // The outbox lists the newest mail first, a page at a time: older mail is on later pages.
  let body = '';
  for (let n = 1; n <= 20 && !body; n++) {
    await open(admin.page, `/admin/outbox?page=${n}`);
    const mail = admin.page.locator('li.mail', { hasText: email }).filter({ hasText: `${path}?token=` }).first();
    if ((await mail.count()) > 0) body = await mail.locator('pre.body').innerText();
    else if ((await admin.page.locator('li.mail').count()) === 0) break;
  }
  await admin.context.close();
  const link = body.match(new RegExp(`https?://\\S+${path}\\?token=\\S+`))?.[0];
  if (!link) throw new Error(`no mail to ${email} with a ${path} link in the outbox`);
  return new URL(link).pathname + new URL(link).search;
}

/** Signs up as a founder through the mailed link; the page ends signed in. */
export async function signUp(page: Page, name: string, email: string, password = PASSWORD): Promise<void> {
  await askForAccount(page, name, email);
  await open(page, await mailedLink(page.context().browser()!, email, '/confirm'));
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
