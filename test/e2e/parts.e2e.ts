/**
 * Browser end-to-end test of the spare-parts pages of the staff console (web/console/src/pages/parts).
 *
 * The warehouse keeper finds the seeded gas lift QYB-120 in the parts list, receives a lot and
 * issues units to a department through the forms generated from the routes' bodies, sees both in
 * the ledger and reconciles ledger, card and lots ("agree"). A department user requests parts
 * beyond the quota; the warehouse keeper checks the stock, the department head and plant
 * management approve, and the warehouse keeper orders, each in the console. A scrap over 200 yuan
 * is appraised by the repair team, the warehouse keeper and the equipment owner and approved by
 * management; the spare-parts report shows the old lots. What the console did is checked through
 * the API. Screenshots land in test-results/e2e/.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { LedgerEntryView, PartView } from '../../shared/schemas/parts.ts';
import type { RequisitionView } from '../../shared/schemas/requisitions.ts';
import type { ScrapView } from '../../shared/schemas/scraps.ts';
import { apiAs, type Claims, fillByName, signIn } from './console-helpers.ts';
import { e2eSuite, screenshot } from './harness.ts';
import { shanghaiDay } from './public-forms.ts';

const suite = e2eSuite('parts.e2e.ts', { watchdogMs: 240_000 });
const PART = 'QYB-120';
const DEPARTMENT = 'assembly';
const warehouse: Claims = { role: 'warehouse' };

before(() => suite.start(), { timeout: 60_000 });
after(() => suite.stop());

const onHandOf = async (): Promise<number> =>
  (await apiAs<PartView>(suite, warehouse, `/v1/parts/${PART}`)).stock.onHand;

/** Opens the action `label` of the page, fills its form and submits it; waits for "done". */
async function act(page: Page, label: string, values: Record<string, string>, shot?: string) {
  const actions = page.getByTestId('case-actions');
  await actions.locator('summary', { hasText: label }).click();
  const form = actions.locator('details[open] form');
  await form.waitFor();
  await fillByName(form, values);
  if (shot) await screenshot(page, shot);
  await form.locator('button[type="submit"]').click();
  await page
    .getByRole('status')
    .filter({ hasText: `“${label}”已完成` })
    .waitFor();
}

test('the warehouse keeper receives and issues a part in the console, and ledger, card and lots agree', {
  timeout: 120_000,
}, async () => {
  const before = await onHandOf();
  const { context, page, errors } = await signIn(suite, warehouse);
  try {
    // The list: search, the part's row with its quota state in words.
    await page.goto(`${suite.baseUrl()}/console/#/parts`);
    await page.getByRole('searchbox', { name: '搜索' }).fill('气压棒');
    await page.getByRole('button', { name: '筛选' }).click();
    const row = page.getByRole('row').filter({ hasText: PART });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /库存正常|已到定额下限/);
    await screenshot(page, 'parts-list');

    // The part's page: stock card, lots oldest first.
    await row.getByRole('link', { name: PART }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(PART) }).waitFor();
    assert.match((await page.getByTestId('stock-card').textContent()) ?? '', new RegExp(`${before} 件`));

    // 验收入库: a new lot at its own cost, accepted at inspection (the form's first choice).
    await act(
      page,
      '验收入库',
      { quantity: '40', unitCost: '41.5', supplier: '常州恒力五金', 'inspection.note': '外观、行程抽检合格' },
      'parts-receive',
    );
    await page
      .getByTestId('stock-card')
      .filter({ hasText: `${before + 40} 件` })
      .waitFor();

    // 领用出库 to a department: first in, first out.
    await act(
      page,
      '领用出库',
      { quantity: '5', to: 'department', 'to.departmentId': DEPARTMENT, 'to.purpose': '装配线办公椅维修' },
      'parts-issue',
    );
    await page
      .getByTestId('stock-card')
      .filter({ hasText: `${before + 35} 件` })
      .waitFor();

    // The ledger shows both, newest first, with the destination in words.
    const ledger = page.getByTestId('ledger');
    const [issueRow, receiptRow] = [ledger.locator('tbody tr').nth(0), ledger.locator('tbody tr').nth(1)];
    assert.equal(await issueRow.getAttribute('data-kind'), 'issue');
    assert.match((await issueRow.textContent()) ?? '', /领用出库[\s\S]*−5[\s\S]*assembly · 装配线办公椅维修/);
    assert.equal(await receiptRow.getAttribute('data-kind'), 'receipt');
    assert.match((await receiptRow.textContent()) ?? '', /验收入库[\s\S]*\+40[\s\S]*常州恒力五金/);

    // 帐、卡、物: reconciled in words.
    await page.getByTestId('reconcile').click();
    const result = page.getByTestId('reconcile-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-verdict'), 'agrees');
    assert.match((await result.textContent()) ?? '', /帐、卡、物相符/);
    await screenshot(page, 'parts-part-page');
    assert.deepEqual(
      errors.map((e) => e.message),
      [],
    );
  } finally {
    await context.close();
  }

  // What was booked: the ledger through the API, newest first.
  const entries = (await apiAs<{ items: LedgerEntryView[] }>(suite, warehouse, `/v1/parts/${PART}/ledger`))
    .items;
  assert.deepEqual(
    entries.slice(0, 2).map((e) => [e.kind, e.quantity]),
    [
      ['issue', -5],
      ['receipt', 40],
    ],
  );
  assert.deepEqual(entries[0]?.data.to, {
    kind: 'department',
    departmentId: DEPARTMENT,
    purpose: '装配线办公椅维修',
  });
  assert.equal(await onHandOf(), before + 35);
});

test('a requisition is requested, checked, approved at both levels and ordered in the console', {
  timeout: 150_000,
}, async () => {
  const department: Claims = { role: 'department', department: DEPARTMENT };
  let id = '';

  // The department requests parts beyond the quota.
  {
    const { context, page } = await signIn(suite, department);
    try {
      await page.goto(`${suite.baseUrl()}/console/#/requisitions`);
      await page.getByRole('link', { name: '新建请购单' }).click();
      const form = page.getByTestId('new-requisition-form');
      await form.waitFor();
      await fillByName(form, {
        urgent: 'true',
        reason: '装配线办公椅集中返修，气压棒需求超出储备定额。',
        'lines.0.partNumber': PART,
        'lines.0.quantity': '120',
      });
      await screenshot(page, 'parts-requisition-new');
      await form.locator('button[type="submit"]').click();
      await page.getByRole('heading', { level: 1, name: /请购单 QG-/ }).waitFor();
      id = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1) ?? '');
      assert.match((await page.getByTestId('requisition-summary').textContent()) ?? '', /待核对库存/);
    } finally {
      await context.close();
    }
  }
  assert.ok(id, 'the console went to the new requisition');
  const steps: {
    claims: Claims;
    action: string;
    values: Record<string, string>;
    status: RegExp;
    shot: string;
  }[] = [
    {
      claims: warehouse,
      action: '核对库存',
      values: { note: '库存不足以覆盖返修需求。' },
      status: /待审批/,
      shot: 'stock-check',
    },
    {
      claims: department,
      action: '部门负责人审批',
      values: { decision: 'approve' },
      status: /待审批/,
      shot: 'department-approval',
    },
    {
      claims: { role: 'manager' },
      action: '厂领导审批',
      values: { decision: 'approve', note: '同意。' },
      status: /已批准/,
      shot: 'plant-approval',
    },
    {
      claims: warehouse,
      action: '采购下单',
      values: { supplier: '宁波华东气弹簧有限公司', expectedOn: shanghaiDay(-10) },
      status: /采购中/,
      shot: 'order',
    },
  ];
  for (const step of steps) {
    const { context, page, errors } = await signIn(suite, step.claims);
    try {
      await page.goto(`${suite.baseUrl()}/console/#/requisitions/${id}`);
      await page.getByRole('heading', { level: 1, name: /请购单 QG-/ }).waitFor();
      await act(page, step.action, step.values, `parts-requisition-${step.shot}`);
      await page.getByTestId('requisition-summary').filter({ hasText: step.status }).waitFor();
      assert.deepEqual(
        errors.map((e) => e.message),
        [],
      );
    } finally {
      await context.close();
    }
  }

  const ordered = await apiAs<RequisitionView>(suite, { role: 'manager' }, `/v1/requisitions/${id}`);
  assert.equal(ordered.status, 'ordered');
  assert.equal(ordered.approvals.department?.by.sub, `local-department-${DEPARTMENT}`);
  assert.equal(ordered.approvals.plant?.by.sub, 'local-manager');
  assert.equal(ordered.order?.supplier, '宁波华东气弹簧有限公司');
  assert.ok(ordered.stockCheck, 'the stock check is recorded');
});

test('a scrap over 200 yuan is appraised by three people and approved by management in the console', {
  timeout: 150_000,
}, async () => {
  let id = '';
  {
    const { context, page } = await signIn(suite, warehouse);
    try {
      await page.goto(`${suite.baseUrl()}/console/#/scraps`);
      await page.getByRole('link', { name: '报废申请' }).click();
      const form = page.getByTestId('new-scrap-form');
      await form.waitFor();
      await fillByName(form, { partNumber: PART, quantity: '10', reason: '库房漏水，受潮锈蚀，无法使用。' });
      await form.locator('button[type="submit"]').click();
      await page.getByRole('heading', { level: 1, name: /报废申请 BF-/ }).waitFor();
      id = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1) ?? '');
      // 10 units of the oldest lot at ¥35: over 200 yuan, so appraised.
      assert.match((await page.getByTestId('scrap-summary').textContent()) ?? '', /¥350\.00/);
      await screenshot(page, 'parts-scrap-new');
    } finally {
      await context.close();
    }
  }
  assert.ok(id, 'the console went to the new scrap request');
  const steps: { claims: Claims; action: string; values: Record<string, string>; shot: string }[] = [
    {
      claims: warehouse,
      action: '技术鉴定（库管）',
      values: { opinion: 'scrap', note: '锈蚀严重，不能再用。' },
      shot: 'warehouse-keeper',
    },
    {
      claims: { role: 'production' },
      action: '技术鉴定（维修班组）',
      values: { opinion: 'scrap', note: '活塞杆锈蚀，修复不经济。' },
      shot: 'repair-team',
    },
    {
      claims: { role: 'department', department: DEPARTMENT },
      action: '技术鉴定（设备使用部门）',
      values: { opinion: 'scrap', note: '同意报废。' },
      shot: 'equipment-owner',
    },
    { claims: { role: 'manager' }, action: '批准报废', values: {}, shot: 'approval' },
  ];
  for (const step of steps) {
    const { context, page, errors } = await signIn(suite, step.claims);
    try {
      await page.goto(`${suite.baseUrl()}/console/#/scraps/${id}`);
      await page.getByRole('heading', { level: 1, name: /报废申请 BF-/ }).waitFor();
      await act(page, step.action, step.values, `parts-scrap-${step.shot}`);
      assert.deepEqual(
        errors.map((e) => e.message),
        [],
      );
    } finally {
      await context.close();
    }
  }

  const scrap = await apiAs<ScrapView>(suite, { role: 'manager' }, `/v1/scraps/${id}`);
  assert.equal(scrap.status, 'scrapped');
  assert.deepEqual(
    [
      scrap.appraisals.repairTeam?.by.sub,
      scrap.appraisals.warehouseKeeper?.by.sub,
      scrap.appraisals.equipmentOwner?.by.sub,
    ],
    ['local-production', 'local-warehouse', `local-department-${DEPARTMENT}`],
  );
  const [latest] = (await apiAs<{ items: LedgerEntryView[] }>(suite, warehouse, `/v1/parts/${PART}/ledger`))
    .items;
  assert.deepEqual([latest?.kind, latest?.quantity, latest?.seq], ['scrap', -10, scrap.ledgerSeq]);
});

test('the warehouse keeper reads the spare-parts report: spend chart, figures and old lots', {
  timeout: 90_000,
}, async () => {
  const { context, page, errors } = await signIn(suite, warehouse);
  try {
    await page.goto(`${suite.baseUrl()}/console/#/reports/parts`);
    await page.getByRole('heading', { level: 1, name: '备品备件统计' }).waitFor();
    await page.getByTestId('chart-parts-spend').waitFor();
    // The receipt and the issue of the first test are this month's figures.
    const figures = page.getByTestId('parts-figures');
    assert.match((await figures.textContent()) ?? '', /维修费用（元）/);
    // Lots older than 100 days: the seeded QYB-120 lot received 150 days ago.
    await page.getByLabel('库龄超过（天）').fill('100');
    await page.getByRole('button', { name: '查看', exact: true }).click();
    const oldLots = page.getByTestId('old-lots');
    await oldLots.getByRole('row').filter({ hasText: PART }).waitFor();
    assert.match((await oldLots.textContent()) ?? '', /库龄超过 100 天/);
    await screenshot(page, 'parts-report');
    assert.deepEqual(
      errors.map((e) => e.message),
      [],
    );
  } finally {
    await context.close();
  }
});
