import { test, expect } from '@playwright/test';
import { asAdmin, jsEnabled, open, unique } from '../support';

test('the committee checks a district list, corrects it, and imports every entry at once', async ({ browser, page }, info) => {
  const js = await jsEnabled(page);
  const code = unique(info, 'IMP').toUpperCase().slice(0, 24);
  const admin = await asAdmin(browser, js);
  const p = admin.page;
  await open(p, '/admin');
  await p.getByLabel('Mã', { exact: true }).fill(code);
  await p.getByLabel('Tên tiếng Việt').fill('Cuộc thi Ý tưởng khởi nghiệp Bắc Kạn 2026');
  await p.getByLabel('Tên tiếng Anh').fill('Bắc Kạn Startup Idea Contest 2026');
  await p.getByLabel('Bắt đầu từ').selectOption('provincial');
  await p.getByRole('button', { name: 'Tạo cuộc thi' }).click();
  await expect(p).toHaveURL(new RegExp(`/contests/${code}$`));

  await open(p, `/contests/${code}/entries`);
  await p.getByRole('link', { name: 'Nhập từ CSV' }).click();
  await expect(p).toHaveURL(new RegExp(`/contests/${code}/import`));
  if (js) await expect(p.locator('[data-hydrated="true"]')).toBeAttached();
  const son = `${unique(info, 'son')}@bac-kan.edu.vn`;
  const hoa = `${unique(info, 'hoa')}@bac-kan.edu.vn`;
  const header = 'Tên ý tưởng,Lĩnh vực,Trưởng nhóm,lead_email,Giai đoạn\n';
  const bad = `${header}Chè Shan tuyết Bắc Kạn,NN,Hà Văn Sơn,${son},Ý tưởng\nMiến dong Na Rì,ZZ,,khong-email,\n`;
  await p.getByLabel('Nội dung CSV').fill(bad);
  await p.getByRole('button', { name: 'Kiểm tra (chưa nhập)' }).click();
  const report = p.getByRole('region', { name: 'Kết quả' });
  await expect(report).toContainText('Chưa nhập: 3 lỗi trong 2 dòng');
  await expect(report.locator('table.problems')).toContainText('Lĩnh vực');
  // The text stays, to be corrected in place.
  await expect(p.getByLabel('Nội dung CSV')).toHaveValue(/Miến dong Na Rì,ZZ/);
  const good = `${header}Chè Shan tuyết Bắc Kạn,NN,Hà Văn Sơn,${son},Ý tưởng\nMiến dong Na Rì,NN,Lý Thị Hoa,${hoa},Sản phẩm mẫu\n`;
  await p.getByLabel('Nội dung CSV').fill(good);
  await p.getByRole('button', { name: 'Kiểm tra (chưa nhập)' }).click();
  await expect(report).toContainText('2 dòng hợp lệ, sẵn sàng nhập (2 trưởng nhóm chưa có tài khoản)');
  await p.getByRole('button', { name: 'Nhập', exact: true }).click();
  await expect(report).toContainText('Đã nhập 2 bài dự thi; 2 trưởng nhóm nhận thư để đặt mật khẩu.');
  await report.getByRole('link', { name: 'Xem danh sách bài dự thi' }).click();
  await expect(p.locator('table.entries tbody tr')).toHaveCount(2);
  await expect(p.locator('table.entries')).toContainText('Miến dong Na Rì');
  await admin.context.close();
});
