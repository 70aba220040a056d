import { test, expect } from '@playwright/test';
import { asAdmin, jsEnabled, open, unique } from '../support';

test('a contest starts from the provincial template, and the committee edits a round the scoring engine checks', async ({ browser, page }, info) => {
  const js = await jsEnabled(page);
  const code = unique(info, 'TPL').toUpperCase().slice(0, 24);
  const admin = await asAdmin(browser, js);
  const p = admin.page;
  await open(p, '/admin');
  await p.getByLabel('Mã', { exact: true }).fill(code);
  await p.getByLabel('Tên tiếng Việt').fill('Cuộc thi Ý tưởng khởi nghiệp Hà Giang 2026');
  await p.getByLabel('Tên tiếng Anh').fill('Hà Giang Startup Idea Contest 2026');
  await p.getByLabel('Bắt đầu từ').selectOption('provincial');
  await p.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(p).toHaveURL(new RegExp(`/contests/${code}$`));
  await expect(p.locator('ul.categories')).toContainText('NN · Nông nghiệp công nghệ cao');
  await expect(p.locator('ul.categories li')).toHaveCount(4);
  // The final round's prizes, stated on the public page.
  await expect(p.locator('section.prizes')).toContainText('Giải Nhất: 1 giải');
  await expect(p.locator('section.prizes')).toContainText('Giải Khuyến khích: 5 giải, điểm tối thiểu 60');
  // Who may enter, from the template, in plain words.
  await expect(p.getByRole('region', { name: 'Điều kiện tham gia' })).toContainText('Trưởng nhóm ít nhất 18 tuổi');

  await p.getByRole('link', { name: 'Các vòng thi và tiêu chí chấm' }).click();
  await expect(p.getByRole('heading', { name: 'Vòng 1 · Vòng sơ khảo' })).toBeVisible();
  await expect(p.getByRole('heading', { name: 'Vòng 3 · Vòng chung khảo' })).toBeVisible();
  const first = p.locator('#round-1');
  await expect(first.locator('table.rubric tfoot').first()).toContainText('100');
  // A sample sheet, each criterion at the middle of its range, totalled by the engine.
  const sample = first.locator('details.sample-sheet').first();
  await sample.locator('summary').click();
  await expect(sample).toContainText('Tổng có trọng số: 49 / 100');
  await expect(sample).toContainText('Vấn đề có thật nhưng chưa có số liệu');
  if (js) await expect(p.locator('[data-hydrated="true"]')).toBeAttached();

  // A step that does not divide the range: refused in the engine's words, the text kept.
  const rules = first.getByLabel('Thể lệ chấm điểm (TOML)');
  const text = await rules.inputValue();
  const broken = text.replace('max_points = 15\nstep = 1', 'max_points = 15\nstep = 4');
  expect(broken).not.toBe(text);
  await rules.fill(broken);
  if (js) {
    // The preview follows the typing.
    await expect(first.locator('.preview .field-error')).toContainText('Tiêu chí "team"');
  }
  await first.getByRole('button', { name: 'Lưu' }).click();
  const refused = p.locator('#round-1');
  await expect(refused.getByRole('alert')).toContainText('Tiêu chí "team"');
  await expect(refused.getByLabel('Thể lệ chấm điểm (TOML)')).toHaveValue(broken);

  await refused.getByLabel('Thể lệ chấm điểm (TOML)').fill(text.replace('max_points = 15\nstep = 1', 'max_points = 30\nstep = 1'));
  await refused.getByRole('button', { name: 'Lưu' }).click();
  const saved = p.locator('#round-1');
  await expect(saved.getByRole('status')).toContainText('Đã lưu vòng thi.');
  await expect(saved.locator('table.rubric tfoot').first()).toContainText('115');
  // The first criterion's levels, from the template, under its name.
  await expect(saved.locator('ul.levels').first()).toContainText('13–20 Vấn đề cấp thiết, có số liệu của địa phương');
  if (js) await expect(p.locator('[data-hydrated="true"]')).toBeAttached();

  // The rubric as a form: a level that cannot be read is refused at it, the rows typed stay.
  await saved.getByText('Sửa tiêu chí bằng bảng').click();
  const criterion = p.locator('#round-1').getByRole('group', { name: 'Tiêu chí 1' });
  await expect(criterion.getByLabel(/Các mức điểm/)).toHaveValue(/^0-5: Vấn đề chưa được nêu rõ \| The problem is not stated clearly/);
  await criterion.getByLabel('Hệ số').fill('2');
  await criterion.getByLabel(/Các mức điểm/).fill('mười: tốt');
  await p.locator('#round-1').getByRole('button', { name: 'Lưu tiêu chí' }).click();
  const form = p.locator('#round-1').getByRole('group', { name: 'Tiêu chí 1' });
  await expect(p.locator('#round-1').getByRole('alert').filter({ hasText: 'Hãy viết mỗi mức' })).toBeVisible();
  await expect(form.getByLabel('Hệ số')).toHaveValue('2');
  await form.getByLabel(/Các mức điểm/).fill('0-10: Chưa rõ | Unclear\n11-20: Cấp thiết | Urgent');
  await p.locator('#round-1').getByRole('button', { name: 'Lưu tiêu chí' }).click();
  await expect(p.locator('#round-1').getByRole('status')).toContainText('Đã lưu vòng thi.');
  // Weight 2 on a 20-point criterion: the maximum grows by 20.
  await expect(p.locator('#round-1 table.rubric tfoot').first()).toContainText('135');
  await expect(p.locator('#round-1 ul.levels').first()).toContainText('11–20 Cấp thiết');

  // Judging dates: a window closing before it opens is refused; a good one is on the timeline.
  if (js) await expect(p.locator('[data-hydrated="true"]')).toBeAttached();
  await p.locator('#round-1').getByText('Thời gian chấm', { exact: true }).click();
  const judging = p.locator('#round-1');
  await judging.getByLabel('Mở chấm').fill('2027-03-10T08:00');
  await judging.getByLabel('Đóng chấm').fill('2027-03-01T17:00');
  await judging.getByRole('button', { name: 'Lưu thời gian chấm' }).click();
  await expect(p.locator('#round-1').getByRole('alert').filter({ hasText: 'thời điểm đóng sau thời điểm mở' })).toBeVisible();
  await p.locator('#round-1').getByLabel('Đóng chấm').fill('2027-03-20T17:00');
  await p.locator('#round-1').getByRole('button', { name: 'Lưu thời gian chấm' }).click();
  await expect(p.locator('#round-1 p.meta').filter({ hasText: 'Chấm từ' })).toContainText('10/03/2027');
  await admin.context.close();
});
