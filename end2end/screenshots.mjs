// Takes screenshots of the main pages in both languages, on a phone and a desktop width,
// for a person to look at (not a test). Usage: node screenshots.mjs BASE_URL OUT_DIR
import { chromium } from '@playwright/test';

const [base, out] = process.argv.slice(2);
const pages = ['/', '/contests', '/signin', '/signup', '/signup?sent=1', '/forgot', '/account', '/admin', '/admin/outbox', '/admin/audit', '/nope'];
const adminEmail = process.env.E2E_ADMIN_EMAIL;
const adminPassword = process.env.E2E_ADMIN_PASSWORD;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking'],
});
for (const locale of ['vi-VN', 'en-GB']) {
  for (const [label, width] of [['narrow', 390], ['wide', 1280]]) {
    const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
    const page = await context.newPage();
    if (adminEmail) {
      await page.goto(`${base}/signin`);
      await page.fill('#email', adminEmail);
      await page.fill('#password', adminPassword);
      await page.click('form.stack button[type=submit]');
      await page.waitForURL(`${base}/`);
      // Signing in restores the profile's language; choose the one being photographed.
      await page.click(`.lang-switch button[lang="${locale.slice(0, 2)}"]`);
      await page.waitForLoadState('networkidle');
    }
    // The page of a sign-up link: ask for an account, then read the link in the outbox.
    const confirm = [];
    if (adminEmail) {
      const email = `anh-${locale}-${label}@example.vn`;
      await page.request.post(`${base}/api/sign_up`, {
        form: { email, name: 'Nguyễn Thị Ánh' },
        headers: { Accept: 'application/json', 'Sec-Fetch-Site': 'same-origin' },
      });
      await page.goto(`${base}/admin/outbox`);
      const text = await page.locator('main').innerText();
      const link = text.match(/https?:\/\/\S+\/confirm\?token=\S+/);
      if (link) confirm.push(new URL(link[0]).pathname + new URL(link[0]).search);
    }
    // The newest contest's page and its audit log, when there is one.
    const contest = [];
    await page.goto(`${base}/contests`);
    const href = await page.locator('main a[href^="/contests/"]').first().getAttribute('href').catch(() => null);
    if (href) contest.push(href, `${href}/audit`, `${href}/rounds`, `${href}/form`, `${href}/entries`, `${href}/entries?q=nong+san`);
    // One entry as the committee reads it.
    if (href) {
      await page.goto(`${base}${href}/entries`);
      const entry = await page.locator('main table.entries a').first().getAttribute('href').catch(() => null);
      if (entry) contest.push(entry);
    }
    for (const path of [...pages, ...confirm, ...contest]) {
      await page.goto(base + path);
      await page.waitForLoadState('networkidle');
      const slug = path.startsWith('/confirm') ? '_confirm' : path.replaceAll('/', '_').replace('?', '_');
      const name = `${locale.slice(0, 2)}-${label}${slug || '_home'}.png`;
      await page.screenshot({ path: `${out}/${name}`, fullPage: true });
    }
    await context.close();
    // A founder's own entries and entry form (E2E_FOUNDER_EMAIL, same password as the admin's
    // unless E2E_FOUNDER_PASSWORD says otherwise), e.g. on `jurydesk demo` data.
    const founderEmail = process.env.E2E_FOUNDER_EMAIL;
    if (founderEmail) {
      const founder = await browser.newContext({ locale, viewport: { width, height: 900 } });
      const fp = await founder.newPage();
      await fp.goto(`${base}/signin`);
      await fp.fill('#email', founderEmail);
      await fp.fill('#password', process.env.E2E_FOUNDER_PASSWORD ?? adminPassword);
      await fp.click('form.stack button[type=submit]');
      await fp.waitForURL(`${base}/`);
      await fp.click(`.lang-switch button[lang="${locale.slice(0, 2)}"]`);
      await fp.waitForLoadState('networkidle');
      await fp.goto(`${base}/entries`);
      const own = await fp.locator('main li.card a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      for (const path of ['/entries', ...own.slice(0, 2)]) {
        await fp.goto(base + path);
        await fp.waitForLoadState('networkidle');
        const name = `${locale.slice(0, 2)}-${label}-founder${path.replaceAll('/', '_')}.png`;
        await fp.screenshot({ path: `${out}/${name}`, fullPage: true });
      }
      await founder.close();
    }
  }
}
await browser.close();
