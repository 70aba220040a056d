import { test, expect, type Browser } from '@playwright/test';
import { PASSWORD, asAdmin, jsEnabled, mailedLink, open, signIn, unique } from '../support';

/** `YYYY-MM-DDTHH:MM` in Vietnam's time (UTC+7, no daylight saving), `days` from now. */
function vietnamTime(days: number): string {
  const t = new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000);
  return t.toISOString().slice(0, 16);
}

const RULES = `[round]
judges_per_entry = 2

[round.discrepancy]
spread_points = 3

[round.judging]
founder_feedback = true

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

test('the committee invites judges and assigns a round; a judge declares a conflict, scores on a phone and submits; the committee reminds and resolves a discrepancy', async ({ browser, page }, info) => {
  // The whole round, from invitations to the published result and the founder's reading:
  // longer than one page's flow.
  test.setTimeout(150_000);
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
  // Made once: `unique` differs on each call.
  const leads = [1, 2, 3].map((n) => `${unique(info, `lead${n}`)}@cao-bang.edu.vn`);
  const lead = (n: number) => leads[n - 1];
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
  // (Hydrated, the page may still be redrawing after the preview: typing and checking are
  // retried together until the check reads what was typed.)
  await expect(async () => {
    await file.getByLabel('Nội dung CSV').fill(`entry,judge_email\n${first},${judges[0]}\n`);
    await file.getByRole('button', { name: 'Kiểm tra (chưa thêm)' }).click();
    await expect(p.getByRole('region', { name: 'Thêm phân công từ CSV' }).locator('table.problems')).toContainText('xung đột lợi ích', { timeout: 3000 });
  }).toPass({ timeout: 20_000 });
  await expect(p.getByRole('region', { name: 'Thêm phân công từ CSV' }).getByLabel('Nội dung CSV')).toHaveValue(new RegExp(first));

  // Mai scores the second entry on a phone: a score off the range is refused and kept, the
  // draft survives a reload, and submitting asks first.
  const second = `${code}-0002`;
  const phone = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 390, height: 844 } });
  const mp = await phone.newPage();
  await signIn(mp, judges[0], PASSWORD);
  await open(mp, '/judging');
  await mp.getByRole('link', { name: new RegExp(second) }).click();
  await expect(mp.getByRole('heading', { name: 'Phiếu chấm' })).toBeVisible();
  if (js) await expect(mp.locator('[data-hydrated="true"]')).toBeAttached();
  const score = mp.getByLabel('Điểm', { exact: true });
  await score.fill('12');
  if (js) await expect(mp.locator('.criterion .field-error')).toContainText('nằm ngoài khoảng cho phép');
  await mp.getByRole('button', { name: 'Lưu nháp' }).click();
  await expect(mp.getByRole('alert').filter({ hasText: 'nằm ngoài khoảng cho phép' }).first()).toBeVisible();
  await expect(mp.getByLabel('Điểm', { exact: true })).toHaveValue('12');
  await mp.getByLabel('Điểm', { exact: true }).fill('9');
  await mp.getByLabel('Nhận xét chung').fill('Ý tưởng rõ ràng, có khách hàng thật.');
  await mp.getByLabel('Góp ý cho đội dự thi').fill('Nên thử bán thử ở chợ phiên Cao Bằng.');
  if (js) await expect(mp.locator('output[name="total"]')).toContainText('9 / 10');
  await mp.getByRole('button', { name: 'Lưu nháp' }).click();
  if (js) {
    await expect(mp.getByText(/Đã lưu lúc/)).toBeVisible();
  } else {
    await expect(mp.getByText('Đã lưu bản nháp.')).toBeVisible();
  }
  await mp.reload();
  await expect(mp.getByLabel('Điểm', { exact: true })).toHaveValue('9');
  await expect(mp.getByLabel('Nhận xét chung')).toHaveValue('Ý tưởng rõ ràng, có khách hàng thật.');
  if (js) {
    // The connection drops while typing: the page keeps the text and saves it on return.
    await expect(mp.locator('[data-hydrated="true"]')).toBeAttached();
    await phone.setOffline(true);
    await mp.getByLabel('Ghi chú cho ban tổ chức').fill('Nên mời nhóm thuyết trình ở vòng sau.');
    await expect(mp.getByText(/Mất kết nối/)).toBeVisible();
    await phone.setOffline(false);
    await expect(mp.getByText(/Đã lưu lúc/)).toBeVisible();
    await mp.reload();
    await expect(mp.getByLabel('Ghi chú cho ban tổ chức')).toHaveValue('Nên mời nhóm thuyết trình ở vòng sau.');
    await expect(mp.locator('[data-hydrated="true"]')).toBeAttached();
  }
  await mp.getByText('Nộp phiếu chấm…').click();
  await mp.getByRole('button', { name: 'Xác nhận nộp' }).click();
  await expect(mp.getByText('Đã nộp phiếu chấm. Cảm ơn bạn!')).toBeVisible();
  await expect(mp.locator('table.sheet-table')).toContainText('9');
  await phone.close();

  // Sơn scores it far lower: the entry is flagged.
  const sc = await browser.newContext({ javaScriptEnabled: js });
  const sp = await sc.newPage();
  await signIn(sp, judges[1], PASSWORD);
  await open(sp, `/judging/${code}/rounds/1/${second}`);
  if (js) await expect(sp.locator('[data-hydrated="true"]')).toBeAttached();
  await sp.getByLabel('Điểm', { exact: true }).fill('2');
  await sp.getByText('Nộp phiếu chấm…').click();
  await sp.getByRole('button', { name: 'Xác nhận nộp' }).click();
  await expect(sp.getByText('Đã nộp phiếu chấm. Cảm ơn bạn!')).toBeVisible();
  await sc.close();

  // The committee follows progress, reminds the late judges after a preview, and resolves
  // the discrepancy with a note.
  await open(p, `/contests/${code}/rounds/1/progress`);
  await expect(p.locator('dl.figures')).toContainText('đã nộp 2 / 5');
  if (js) await expect(p.locator('[data-hydrated="true"]')).toBeAttached();
  await p.getByText('Xem trước thư nhắc gửi 2 giám khảo còn phiếu chưa nộp').click();
  await expect(p.locator('pre.letter')).toContainText('Quý vị còn 3 phiếu chấm chưa nộp');
  await p.getByRole('button', { name: 'Gửi nhắc tới 2 giám khảo' }).click();
  await expect(p.getByText('Đã xếp 2 thư nhắc vào hộp thư đi.')).toBeVisible();
  await open(p, `/contests/${code}/rounds/1/discrepancies`);
  await expect(p.getByText('1 hồ sơ chờ ban tổ chức xử lý.')).toBeVisible();
  const flag = p.locator('section.flagged', { hasText: second });
  await expect(flag).toContainText('cao nhất − thấp nhất = 7 > 3');
  if (js) await expect(p.locator('[data-hydrated="true"]')).toBeAttached();
  await flag.getByText('Chấp nhận điểm với ghi chú…').click();
  await flag.getByLabel('Ghi chú (lưu vào nhật ký)').fill('Hai giám khảo nhìn từ hai góc độ hợp lý.');
  await flag.getByRole('button', { name: 'Chấp nhận' }).click();
  await expect(p.getByText('Không có hồ sơ nào bị gắn cờ.')).toBeVisible();
  await expect(p.locator('section.flagged', { hasText: second })).toContainText('Đã chấp nhận: Hai giám khảo nhìn từ hai góc độ hợp lý.');

  // The ranking: the scored entry ranks with its accepted flag, the other two wait apart; its
  // explanation names both judges; the committee finalises the round.
  await open(p, `/contests/${code}/rounds/1/ranking`);
  await expect(p.getByRole('heading', { name: 'Kết quả: Vòng sơ khảo' })).toBeVisible();
  const ranked = p.locator('table.ranking tbody tr', { hasText: second });
  await expect(ranked).toContainText('5,50');
  await expect(ranked).toContainText('đã chấp nhận');
  await expect(p.getByRole('link', { name: 'Chưa đủ phiếu (2)' })).toBeVisible();
  if (js) await expect(p.locator('[data-hydrated="true"]')).toBeAttached();
  await ranked.getByRole('link', { name: second }).click();
  const explained = p.getByRole('region', { name: `Giải thích kết quả: ${second}` });
  await expect(explained).toContainText('Hoàng Thị Mai');
  await expect(explained).toContainText('Bế Văn Sơn');
  await expect(explained).toContainText('Hạng chung: 1');
  await p.getByRole('button', { name: 'Chốt kết quả vòng' }).click();
  await expect(p.getByText('Đã chốt kết quả vòng.')).toBeVisible();
  await expect(p.getByRole('region', { name: 'Kết quả đã chốt' })).toContainText('đã đóng băng');

  // Before publication the public page says nothing of the result.
  const phoneReader = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 390, height: 844 } });
  const reader = await phoneReader.newPage();
  await open(reader, `/contests/${code}/results`);
  await expect(reader.getByText('Kết quả chưa được công bố.')).toBeVisible();
  await expect(reader.getByText(second)).toHaveCount(0);

  // The consolidated score table prints as one document: no site header, the table whole.
  await open(p, `/contests/${code}/rounds/1/score-table`);
  await expect(p.getByRole('heading', { name: 'BẢNG TỔNG HỢP ĐIỂM — Vòng sơ khảo' })).toBeVisible();
  await expect(p.locator('table.print-table tbody tr', { hasText: second })).toContainText('5,50');
  await expect(p.getByText('THƯ KÝ')).toBeVisible();
  await p.emulateMedia({ media: 'print' });
  await expect(p.locator('header.site-header')).toBeHidden();
  await expect(p.locator('table.print-table')).toBeVisible();
  await p.emulateMedia({ media: 'screen' });

  // The committee publishes; the public reads the result on a phone.
  await open(p, `/contests/${code}/rounds/1/ranking`);
  if (js) await expect(p.locator('[data-hydrated="true"]')).toBeAttached();
  await p.getByRole('button', { name: 'Công bố kết quả' }).click();
  await expect(p.getByText('Đã công bố kết quả vòng này.')).toBeVisible();
  await expect(p.getByRole('region', { name: 'Kết quả đã công bố' })).toBeVisible();
  await open(reader, `/contests/${code}/results`);
  await expect(reader.getByRole('heading', { name: 'Vòng sơ khảo' })).toBeVisible();
  await expect(reader.getByText('Kiểm tra kết quả')).toBeVisible();
  const width = await reader.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await phoneReader.close();

  // The founder of the scored entry, from the district's list, takes the account the
  // committee's import made for them from the mailed link and reads the result and the judge's feedback on the entry's page.
  const founderContext = await browser.newContext({ javaScriptEnabled: js });
  const fp = await founderContext.newPage();
  await open(fp, await mailedLink(browser, lead(2), '/confirm'));
  await fp.getByLabel('Mật khẩu').fill(PASSWORD);
  await fp.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(fp.getByText('Đã đăng nhập: Nguyễn Văn 2.')).toBeVisible();
  await open(fp, `/entries/${second}`);
  const result = fp.getByRole('region', { name: 'Kết quả' });
  await expect(result).toContainText('Nhận xét của giám khảo');
  await expect(result).toContainText('Nên thử bán thử ở chợ phiên Cao Bằng.');
  await expect(result).toContainText('5,50');
  await founderContext.close();
  await admin.context.close();
});
