import { test, expect, type Page } from '@playwright/test';
import { asAdmin, open, signUp, unique } from '../support';

// Text that would run as script if any page wrote it into HTML unescaped.
const EVIL = `</title><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;

/** Fails the test if anything the pages show runs: a dialog, or the marker set. */
async function nothingRan(page: Page, js: boolean): Promise<void> {
  if (js) {
    await expect(page.locator('[data-hydrated="true"]')).toBeAttached();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
}

test('script-like text in every field shown back stays text, and pages still hydrate', async ({ page, browser }, info) => {
  const js = info.project.name === 'hydrated';
  page.on('dialog', () => { throw new Error('a dialog opened: a script ran'); });
  const code = unique(info, 'XSS').toUpperCase().slice(0, 32);

  const admin = await asAdmin(browser, js);
  await open(admin.page, '/admin');
  await admin.page.getByLabel('Mã', { exact: true }).fill(code);
  await admin.page.getByLabel('Tên tiếng Việt').fill(`${EVIL} vi`);
  await admin.page.getByLabel('Tên tiếng Anh').fill(`${EVIL} en`);
  await admin.page.getByLabel('Mô tả tiếng Việt').fill(`${EVIL} mô tả`);
  await admin.page.getByLabel('Mô tả tiếng Anh').fill(`${EVIL} description`);
  await admin.page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(admin.page).toHaveURL(new RegExp(`/contests/${code}$`));
  await admin.context.close();

  await signUp(page, `${EVIL} người`, `${unique(info, 'xss')}@example.vn`);
  for (const path of ['/', '/contests', `/contests/${code}`, '/account']) {
    await open(page, path);
    await nothingRan(page, js);
  }
  await open(page, `/contests/${code}`);
  await expect(page).toHaveTitle(`${EVIL} vi · JuryDesk`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${EVIL} vi`);
  await expect(page.getByText(`${EVIL} mô tả`)).toBeVisible();
  await open(page, '/account');
  await expect(page.getByText(`${EVIL} người`).first()).toBeVisible();
});
