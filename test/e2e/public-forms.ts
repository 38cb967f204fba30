/** Filling in the public forms, shared by the browser suites. */
import type { Page } from 'playwright-core';

/** A day `days` before today in Asia/Shanghai (the service's calendar), as YYYY-MM-DD. */
export function shanghaiDay(daysAgo: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() - daysAgo * 86_400_000),
  );
}

export interface ComplaintValues {
  email: string;
  batch: string;
  phone?: string;
  attachments?: string;
}

/** Fills in the public complaint form (web/complaint.html) as a purchaser would, in Chinese. */
export async function fillComplaint(page: Page, values: ComplaintValues): Promise<void> {
  await page.getByLabel('单位名称', { exact: true }).fill('北京市第一中学');
  await page.getByLabel('联系人', { exact: true }).fill('张伟');
  if (values.phone !== undefined) await page.getByLabel('电话', { exact: true }).fill(values.phone);
  await page.getByLabel('邮箱', { exact: true }).fill(values.email);
  await page.getByLabel('产品类别', { exact: true }).selectOption({ label: '家具' });
  await page.getByLabel('产品名称/型号', { exact: true }).fill('学生课桌椅 KZY-01');
  await page.getByLabel('批次号', { exact: true }).fill(values.batch);
  await page.getByLabel('数量', { exact: true }).fill('12');
  await page.getByLabel('订单/合同编号').fill('HT-2025-BJ-001');
  await page.getByLabel('发现问题的日期', { exact: true }).fill(shanghaiDay(3));
  await page.getByLabel('投诉类型', { exact: true }).selectOption({ label: '质量缺陷' });
  await page
    .getByLabel('问题描述', { exact: true })
    .fill('课桌桌面开裂，桌腿焊点松动。\n共 12 张，集中在三年级教室。');
  await page.getByLabel('您希望的处理方式', { exact: true }).fill('更换桌面并重新焊接。');
  if (values.attachments !== undefined) await page.getByLabel('附件链接').fill(values.attachments);
}
