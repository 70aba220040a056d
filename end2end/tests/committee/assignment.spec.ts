import { test, expect, type Browser } from '@playwright/test';
import { PASSWORD, asAdmin, jsEnabled, mailedLink, open, unique } from '../support';

/** `YYYY-MM-DDTHH:MM` in Vietnam's time (UTC+7, no daylight saving), `days` from now. */
function vietnamTime(days: number): string {
  const t = new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000);
  return t.toISOString().slice(0, 16);
}

const RULES = `[round]
judges_per_entry = 2

[[criteria]]
key = "idea"
name = { vi = "Ý tưởng", en = "Idea" }
max_points = 10
`;

/** A judge accepts the mailed invitation with a new account; answers their signed-in page. */
async function acceptAsJudge(browser: Browser, js: boolean, email: string, name: string) {
  const link = await mailedLink(browser, email, '/invite');
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  await open(page, link);
  // The name the committee gave, if any, is offered.
  if (name === 'Hoàng Thị Mai') await expect(page.getByLabel('Họ và tên')).toHaveValue(name);
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Nhận lời mời' }).click();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Chấm thi' })).toBeVisible();
  return { context, page };
}

test('the committee invites judges and assigns a round from a preview; a judge declares a conflict and the gap is reported', async ({ browser, page }, info) => {
  const js = await jsEnabled(page);
  const code = unique(info, 'JD').toUpperCase().slice(0, 24);
  const admin = await asAdmin(browser, js);
  const p = admin.page;
  await open(p, '/admin');
  await p.getByLabel('Mã', { exact: true }).fill(code);
  await p.getByLabel('Tên tiếng Việt').fill('Cuộc thi Ý tưởng khởi nghiệp Cao Bằng 2026');
  await p.getByLabel('Tên tiếng Anh').fill('Cao Bằng Startup Idea Contest 2026');
  await p.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(p).toHaveURL(new RegExp(`/contests/${code}$`));

  // The screening round, two judges per entry, before submissions open and lock the rules.
  await open(p, `/contests/${code}/rounds`);
  const add = p.getByRole('region', { name: 'Thêm vòng thi' });
  await add.getByLabel('Tên tiếng Việt').fill('Vòng sơ khảo');
  await add.getByLabel('Tên tiếng Anh').fill('Screening');
  await add.getByLabel('Thể lệ chấm điểm (TOML)').fill(RULES);
  await add.getByRole('button', { name: 'Lưu' }).click();
  await expect(p.getByRole('heading', { name: 'Vòng 1 · Vòng sơ khảo' })).toBeVisible();

  await open(p, `/contests/${code}`);
  const details = p.getByRole('region', { name: 'Thông tin cuộc thi' });
  await details.getByLabel('Mở từ').fill(vietnamTime(-1));
  await details.getByLabel('Hạn chót').fill(vietnamTime(30));
  await details.getByRole('button', { name: 'Lưu' }).click();
  await expect(details.getByRole('status')).toContainText('Đã lưu.');

  // Three complete entries from a district's list: submitted, in round 1.
  await open(p, `/contests/${code}/import`);
  const lead = (n: number) => `${unique(info, `lead${n}`)}@cao-bang.edu.vn`;
  const rows = [1, 2, 3].map((n) =>
    `Ý tưởng số ${n} Cao Bằng,Nguyễn Văn ${n},${lead(n)},Tóm tắt,Vấn đề,Giải pháp,Thị trường,Mô hình,idea`);
  await p.getByLabel('Nội dung CSV').fill(`title,lead_name,lead_email,summary,problem,solution,market,business_model,stage\n${rows.join('\n')}\n`);
  await p.getByRole('button', { name: 'Nhập', exact: true }).click();
  await expect(p.getByRole('region', { name: 'Kết quả' })).toContainText('Đã nhập 3 bài dự thi');

  // Two judges, invited with their profile; a bad maximum is refused and the form keeps it.
  await open(p, `/contests/${code}/judges`);
  const invite = p.getByRole('region', { name: 'Mời giám khảo' });
  const judges = [unique(info, 'gk-mai'), unique(info, 'gk-son')].map((u) => `${u}@gmail.com`);
  await invite.getByLabel('Email').fill(judges[0]);
  await invite.getByLabel('Họ và tên').fill('Hoàng Thị Mai');
  await invite.getByLabel('Đơn vị công tác').fill('Sở Khoa học và Công nghệ Cao Bằng');
  await invite.getByLabel('Số hồ sơ tối đa mỗi vòng').fill('không');
  await invite.getByRole('button', { name: 'Gửi lời mời' }).click();
  await expect(p.getByRole('alert').filter({ hasText: 'từ 1 đến 10000' })).toBeVisible();
  await expect(p.getByLabel('Đơn vị công tác').last()).toHaveValue('Sở Khoa học và Công nghệ Cao Bằng');
  await p.getByLabel('Số hồ sơ tối đa mỗi vòng').last().fill('20');
  await p.getByRole('button', { name: 'Gửi lời mời' }).click();
  await expect(p.getByRole('region', { name: 'Giám khảo đã mời, chưa nhận lời' })).toContainText(judges[0]);
  // The second from a jury list: a dry run names the bad line; the import invites the rest.
  const list = p.getByRole('region', { name: 'Mời giám khảo từ CSV' });
  await list.getByLabel('Nội dung CSV').fill(`email,expertise,max_load\n${judges[1]},,\n${judges[0]},,\n`);
  await list.getByRole('button', { name: 'Kiểm tra (chưa mời)' }).click();
  await expect(p.getByRole('region', { name: 'Mời giám khảo từ CSV' }).locator('table.problems')).toContainText('đã được mời');
  await p.getByRole('region', { name: 'Mời giám khảo từ CSV' }).getByLabel('Nội dung CSV').fill(`email,expertise,max_load\n${judges[1]},,\n`);
  await p.getByRole('region', { name: 'Mời giám khảo từ CSV' }).getByRole('button', { name: 'Mời tất cả' }).click();
  await expect(p.getByText('Đã mời 1 giám khảo; thư mời đã được ghi vào hộp thư đi.')).toBeVisible();
  await expect(p.getByRole('region', { name: 'Giám khảo đã mời, chưa nhận lời' })).toContainText(judges[1]);
  const mai = await acceptAsJudge(browser, js, judges[0], 'Hoàng Thị Mai');
  const son = await acceptAsJudge(browser, js, judges[1], 'Bế Văn Sơn');
  await son.context.close();
  await open(p, `/contests/${code}/judges`);
  await expect(p.getByRole('heading', { name: 'Giám khảo (2)' })).toBeVisible();
  await expect(p.locator('.card', { hasText: 'Hoàng Thị Mai' })).toContainText('Sở Khoa học và Công nghệ Cao Bằng');

  // The round's judges, then the planner's preview, then applying it.
  await open(p, `/contests/${code}/rounds/1/assignment`);
  await p.getByRole('checkbox', { name: /Hoàng Thị Mai/ }).check();
  await p.getByRole('checkbox', { name: /Bế Văn Sơn/ }).check();
  await p.getByRole('button', { name: 'Lưu giám khảo của vòng' }).click();
  await expect(p.getByRole('heading', { name: 'Giám khảo của vòng (2/2)' })).toBeVisible();
  await p.getByRole('button', { name: 'Xem trước' }).click();
  await expect(p.getByText('Mọi hồ sơ đều đủ giám khảo.')).toBeVisible();
  const preview = p.locator('#preview');
  await expect(preview.locator('dl')).toContainText('6 / 6');
  if (js) await expect(p.locator('[data-hydrated="true"]')).toBeAttached();
  await p.getByRole('button', { name: 'Áp dụng phân công này' }).click();
  await expect(p.getByRole('status').filter({ hasText: 'Đã áp dụng phân công: thêm 6 lượt chấm.' }).first()).toBeVisible();
  await open(p, `/contests/${code}/rounds/1/assignment`);
  await expect(p.locator('table.assignment tbody tr')).toHaveCount(3);
  await expect(p.locator('table.assignment tbody tr').first()).toContainText('Bế Văn Sơn');
  await expect(p.locator('table.assignment tbody tr').first()).toContainText('Hoàng Thị Mai');

  // The judge sees the three entries, declares a conflict with the first, and no longer has it.
  const jp = mai.page;
  await open(jp, '/judging');
  await expect(jp.locator('ol.work-list li')).toHaveCount(3);
  await expect(jp.getByText('Đã nộp 0 / 3 phiếu chấm')).toBeVisible();
  await jp.getByRole('link', { name: 'Khai báo xung đột lợi ích' }).click();
  if (js) await expect(jp.locator('[data-hydrated="true"]')).toBeAttached();
  const first = `${code}-0001`;
  const card = jp.locator('li.card', { hasText: first });
  await card.getByText('Tôi có xung đột với hồ sơ này').click();
  await card.getByLabel(/Lý do/).fill('Trưởng nhóm là học trò cũ của tôi.');
  await card.getByRole('button', { name: 'Khai báo xung đột' }).click();
  await expect(jp.getByRole('region', { name: 'Bạn đã khai báo' })).toContainText(first);
  await open(jp, '/judging');
  await expect(jp.locator('ol.work-list li')).toHaveCount(2);
  await mai.context.close();

  // The committee reads the declaration and the gap it leaves, with the planner's reason.
  await open(p, `/contests/${code}/conflicts`);
  const declared = p.locator('li.card', { hasText: first });
  await expect(declared).toContainText('Giám khảo: Hoàng Thị Mai');
  await expect(declared).toContainText('Trưởng nhóm là học trò cũ của tôi.');
  await open(p, `/contests/${code}/rounds/1/assignment`);
  await expect(p.locator(`#entry-${first}`)).toContainText('Còn thiếu giám khảo (cần 2).');
  await p.getByRole('button', { name: 'Xem trước' }).click();
  await expect(p.locator('#preview')).toContainText(`${first}: 1 giám khảo đủ điều kiện, 1 có xung đột lợi ích`);
  // A pair from a file is checked under the same rules: the conflict is named at its line.
  const file = p.getByRole('region', { name: 'Thêm phân công từ CSV' });
  await file.getByLabel('Nội dung CSV').fill(`entry,judge_email\n${first},${judges[0]}\n`);
  await file.getByRole('button', { name: 'Kiểm tra (chưa thêm)' }).click();
  await expect(p.getByRole('region', { name: 'Thêm phân công từ CSV' }).locator('table.problems')).toContainText('xung đột lợi ích');
  await expect(p.getByRole('region', { name: 'Thêm phân công từ CSV' }).getByLabel('Nội dung CSV')).toHaveValue(new RegExp(first));
  await admin.context.close();
});
