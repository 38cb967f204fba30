import { z } from 'zod';
import { BOM } from '../../shared/http/csv.ts';
import { type CsvExport, csvExportOf, csvExports } from '../../shared/http/csv-exports.ts';
import { csvModeOf, csvResult, ExportFormatError } from '../../shared/http/csv-response.ts';
import { type RouteId, routeList, routes } from '../../shared/http/routes.ts';
import type { Language } from '../../shared/i18n/translate.ts';

const at = '2026-11-27T09:30:00+08:00';
const later = '2026-11-30T17:00:00+08:00';

// --- Bodies as the routes answer them (each is parsed with the route's 200 schema below) ---

const caseSummary = {
  id: '01KCASE0000000000000000001',
  reference: 'TS-20261127-0001',
  kind: 'complaint',
  status: 'RECEIVED',
  channel: 'phone',
  receivedAt: at,
  organization: '北京市第一中学',
  officeId: 'bj',
  title: '学生课桌椅 KZY-01 · B2025-031',
};
const note = {
  id: 'note-1',
  officeId: 'bj',
  date: '2026-11-20',
  finding: '回访记录不全',
  actionRequired: '补全回访记录',
  due: '2026-12-20',
  createdAt: at,
  createdBy: 'manager@aftersales.local',
};
const satisfactionFigures = (answered: number) => ({
  csat: {
    sent: 10,
    answered,
    responseRate: answered / 10,
    average: 4.25,
    distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: answered - 2 },
  },
  nps: {
    sent: 0,
    answered: 0,
    responseRate: null,
    score: null,
    promoters: 0,
    passives: 0,
    detractors: 0,
    average: null,
  },
  checkIn: { sent: 2, answered: 1, responseRate: 0.5, problems: 1, inspectionsWanted: 0 },
  warrantyInspection: { sent: 1, answered: 1, responseRate: 1, problems: 0, inspectionsWanted: 1 },
});
const complaintFigures = (received: number) => ({
  received,
  replies: { onTime: received - 1, late: 1, breaches: 0, extensions: 1, onTimeRate: 0.75 },
  responsibility: { customer: 1, internal: received - 1 },
  closing: {
    closed: 2,
    averageDays: 12.5,
    within7Days: 1,
    within30Days: 1,
    within90Days: 0,
    over90Days: 0,
  },
  capa: {
    requested: 2,
    effective: 1,
    firstTimeEffective: 1,
    firstTimeEffectiveRate: 1,
    verificationRounds: 1,
    averageRounds: 1,
    ineffectiveRounds: 0,
  },
});
const returnsFigures = (units: number) => ({
  deliveredUnits: 100,
  returns: 1,
  returnedUnits: units,
  returnRate: units / 100,
});
const leagueFigures = {
  counts: { deliveries: 4 },
  firstResponse: { count: 3, averageMinutes: 42.5, inTargetRate: 1 },
  visits: { count: 2, averageWorkingDays: 1.5, inTargetRate: 0.5 },
  complaints: { received: 1, repliesOnTime: 1, repliesLate: 0, slaCompliance: 1, per100Deliveries: 25 },
  returns: { count: 1, returnedUnits: 2, deliveredUnits: 40, returnRate: 0.05 },
  csat: { answered: 2, average: 4.5 },
};

const partsFigures = (spend: number) => ({
  repairSpend: spend,
  quotaRepairSpend: spend / 2,
  accuracyRatio: 0.5,
  stockValue: 1000,
  quotaStockValue: 800,
  turnoverRatio: spend / 1600,
  issuedUnits: 10,
  reusedIssuedUnits: 1,
  surplusReturnedUnits: 0,
  receivedUnits: 20,
  receivedValue: 700,
  rejectedReceipts: 1,
  toRepairUnits: 4,
  repairedUnits: 3,
  unrepairableUnits: 1,
  reuseRate: 0.75,
  transferredUnits: 0,
  transferredValue: 0,
  scrappedUnits: 0,
  scrappedValue: 0,
});

const samples: Record<keyof typeof csvExports, unknown> = {
  listComplaints: { items: [caseSummary], nextCursor: 'eyJwayI6IngifQ' },
  listInquiries: {
    items: [{ ...caseSummary, kind: 'inquiry', reference: 'ZX-20261127-0001', title: '课桌高度' }],
  },
  listServiceRequests: {
    items: [{ ...caseSummary, kind: 'serviceRequest', reference: 'WX-20261127-0001', customerId: 'c-1' }],
  },
  listTasks: {
    items: [
      {
        taskId: 'task-0001abcd',
        kind: 'workflow',
        complaintId: caseSummary.id,
        reference: caseSummary.reference,
        organization: caseSummary.organization,
        step: 'investigation',
        roles: ['quality'],
        status: 'open',
        createdAt: at,
        dueAt: later,
        overdue: true,
        escalations: 1,
        version: 1,
      },
      {
        taskId: 'task-0002abcd',
        kind: 'surveyFollowUp',
        organization: caseSummary.organization,
        step: 'surveyFollowUp',
        roles: ['customer-service'],
        status: 'open',
        createdAt: at,
        dueAt: later,
        overdue: false,
        escalations: 0,
        surveyKind: 'csat',
        score: 1,
        comment: '太慢了',
        version: 1,
      },
    ],
  },
  listCustomers: {
    items: [
      {
        id: 'bj-no1-school',
        organization: '北京市第一中学',
        contacts: [
          { name: '王老师', phone: '+86 10 1234 5678', primary: false },
          { name: '张伟', title: '总务处主任', email: 'zhang.wei@bj1school.example.cn', primary: true },
        ],
        region: '北京市东城区',
        officeId: 'bj',
        tier: 'key',
        tags: ['重点', '2025'],
        emailConsent: true,
        doNotEmail: false,
        language: 'zh-CN',
        accountManager: { name: '刘经理', email: 'liu@aftersales.local' },
        contactPlan: { visitsPerYear: 4, callsPerQuarter: 2, nextContactOn: '2026-12-01' },
        version: 3,
        createdAt: at,
        updatedAt: later,
      },
    ],
  },
  listOffices: { items: [{ id: 'bj', name: '北京办事处', region: '华北', email: 'bj@aftersales.local' }] },
  listCustomerContacts: {
    items: [
      {
        id: 'contact-1',
        customerId: 'bj-no1-school',
        kind: 'visit',
        at,
        by: { kind: 'staff', sub: 'u-1', email: 'cs@aftersales.local' },
        summary: '讨论新学期课桌需求，\n预计 300 套',
        followUpOn: '2026-12-10',
        createdAt: at,
      },
    ],
  },
  listCustomerSurveys: {
    items: [
      {
        id: 'survey-1',
        kind: 'csat',
        status: 'answered',
        customerId: 'bj-no1-school',
        officeId: 'bj',
        tier: 'key',
        caseReference: caseSummary.reference,
        productCategory: 'furniture',
        createdAt: at,
        dueAt: at,
        answeredAt: later,
        answer: { score: 2, comment: '=HYPERLINK("http://x")' },
      },
      {
        id: 'survey-2',
        kind: 'checkIn',
        status: 'answered',
        customerId: 'bj-no1-school',
        officeId: 'bj',
        tier: 'key',
        createdAt: at,
        dueAt: at,
        answer: { status: 'problem', problem: '抽屉卡住' },
        createdCaseReference: 'WX-20261130-0002',
      },
    ],
  },
  listReturns: {
    items: [
      {
        id: 'return-1',
        reference: 'TH-20261127-0001',
        status: 'approved',
        kind: 'exchange',
        customerId: 'bj-no1-school',
        organization: '北京市第一中学',
        officeId: 'bj',
        deliveryId: 'delivery-1',
        orderRef: 'HT-2025-BJ-001',
        batch: 'B2025-031',
        items: [
          { productId: 'p-1', productName: '学生椅', category: 'furniture', quantity: 3 },
          { productId: 'p-2', productName: '课桌', category: 'furniture', quantity: 2 },
        ],
        reason: '桌面开裂',
        submittedBy: { kind: 'staff', email: 'bj@aftersales.local' },
        decision: { approved: true, reason: '同意换货', at: later, by: { kind: 'staff' } },
        availableActions: ['receive'],
        version: 2,
        createdAt: at,
        updatedAt: later,
      },
    ],
  },
  listSupervisionNotes: { items: [note] },
  listForwardedInquiries: {
    items: [
      {
        caseId: 'case-1',
        reference: 'ZX-20261127-0001',
        organization: '北京市第一中学',
        title: '课桌高度',
        inquiryKind: 'suggestion',
        status: 'FORWARDED',
        since: later,
        note: '请评估',
      },
    ],
  },
  listFlaggedInquiries: { items: [] },
  listParts: {
    items: [
      {
        partNumber: 'QYB-120',
        name: '气压棒',
        specification: '120 mm',
        unit: '件',
        unitCost: 35,
        category: 'key',
        maker: '宁波气弹簧',
        model: 'QB-120',
        location: 'A-01-1',
        lowQuota: 20,
        highQuota: 200,
        fixedAsset: false,
        stock: { onHand: 18, stockValue: 630.3, toRepair: 2 },
        belowLowQuota: true,
        version: 3,
        createdAt: at,
        updatedAt: later,
      },
    ],
  },
  listPartLedger: {
    items: [
      {
        seq: 3,
        kind: 'issue',
        at: later,
        by: { sub: 'u-9', email: 'warehouse@aftersales.local' },
        quantity: -3,
        value: -105.1,
        toRepair: 0,
        balance: { onHand: 18, stockValue: 630.3, toRepair: 2 },
        allocations: [
          { lotId: 'L1', receivedOn: '2026-10-01', quantity: 2, unitCost: 35, origin: 'purchase' },
          { lotId: 'L2', receivedOn: '2026-11-01', quantity: 1, unitCost: 35.1, origin: 'purchase' },
        ],
        data: { to: { kind: 'department', departmentId: 'assembly', purpose: '维修' } },
        hash: 'ab'.repeat(32),
      },
    ],
  },
  listRequisitions: {
    items: [
      {
        id: 'req-1',
        reference: 'QG-20261127-0001',
        origin: 'request',
        status: 'ordered',
        departmentId: 'assembly',
        requestedBy: { email: 'assembly@aftersales.local' },
        urgent: true,
        reason: '设备大修',
        lines: [{ partNumber: 'QYB-120', name: '气压棒', quantity: 50, received: 10, makerChange: false }],
        approvals: {
          department: { decision: 'approve', at, by: { email: 'head@aftersales.local' } },
          plant: { decision: 'approve', at, by: { email: 'manager@aftersales.local' } },
        },
        order: { supplier: '宁波气弹簧', expectedOn: '2026-12-05', at, by: { sub: 'u-9' } },
        delayReports: [
          {
            learnedOn: '2026-12-01',
            newExpectedOn: '2026-12-12',
            reason: '原料短缺',
            reportedAt: later,
            by: { sub: 'u-9' },
            late: false,
          },
        ],
        availableActions: ['reportDelay'],
        version: 6,
        createdAt: at,
        updatedAt: later,
      },
    ],
  },
  listScraps: {
    items: [
      {
        id: 'scrap-1',
        reference: 'BF-20261127-0001',
        partNumber: 'QYB-120',
        partName: '气压棒',
        quantity: 6,
        value: 210.6,
        reason: '锈蚀',
        status: 'awaitingApproval',
        route: 'appraisal',
        appraisals: {
          repairTeam: {
            opinion: 'scrap',
            note: '无修复价值',
            at,
            by: { email: 'production@aftersales.local' },
          },
        },
        requestedBy: { email: 'warehouse@aftersales.local' },
        availableActions: ['approve', 'reject'],
        version: 2,
        createdAt: at,
        updatedAt: later,
      },
    ],
  },
  listOldLots: {
    items: [
      {
        partNumber: 'QYB-120',
        name: '气压棒',
        unit: '件',
        location: 'A-01-1',
        lotId: 'L1',
        receivedOn: '2026-01-05',
        ageDays: 326,
        quantity: 2,
        unitCost: 35,
        value: 70,
        origin: 'reused',
      },
    ],
  },
  getSatisfactionReport: {
    from: '2026-01',
    to: '2026-12',
    groupBy: 'category',
    groups: [
      { key: 'furniture', ...satisfactionFigures(6) },
      { key: 'none', ...satisfactionFigures(2) },
    ],
    total: satisfactionFigures(8),
  },
  getComplaintReport: {
    from: '2026-10',
    to: '2026-11',
    months: [
      { month: '2026-10', ...complaintFigures(4) },
      { month: '2026-11', ...complaintFigures(2) },
    ],
    total: complaintFigures(6),
  },
  getComplaintPareto: {
    by: 'category',
    from: '2026-01',
    to: '2026-12',
    total: 10,
    items: [
      { key: 'furniture', count: 6, share: 0.6, cumulativeShare: 0.6 },
      { key: 'appliance', count: 3, share: 0.3, cumulativeShare: 0.9 },
    ],
    others: 1,
  },
  getReturnsReport: {
    from: '2026-10',
    to: '2026-11',
    months: [
      { month: '2026-10', ...returnsFigures(0) },
      { month: '2026-11', ...returnsFigures(3) },
    ],
    total: { ...returnsFigures(3), deliveredUnits: 200, returns: 1, returnRate: 0.015 },
  },
  getPartsReport: {
    from: '2026-10',
    to: '2026-11',
    months: [
      { month: '2026-10', ...partsFigures(100), stockValuedAt: '2026-10-31T23:00:00.000Z' },
      { month: '2026-11', ...partsFigures(60), stockValuedAt: null },
    ],
    total: partsFigures(160),
    stock: {
      value: 1000,
      quotaValue: 800,
      parts: 10,
      quotaParts: 7,
      belowLowQuota: 1,
      toRepairUnits: 4,
      asOf: at,
    },
  },
  getOfficeLeague: {
    from: '2026-01',
    to: '2026-12',
    offices: [
      {
        rank: 1,
        office: { id: 'bj', name: '北京办事处', region: '华北' },
        ...leagueFigures,
        targets: {
          firstResponse: { value: 4, unit: 'workingHours' },
          visitWithinWorkingDays: 3,
          complaintReplyWorkingDays: 2,
          csatTarget: 4,
        },
        csatMeetsTarget: true,
        latestNotes: [note],
      },
    ],
    total: leagueFigures,
  },
};

/** The export of `id` over its sample, which must satisfy the route's own response schema. */
function rawTable(id: keyof typeof csvExports, language: Language, body: unknown = samples[id]) {
  const schema = (routes[id].responses as Record<number, { schema?: z.ZodType }>)[200]?.schema;
  if (!schema) throw new Error(`${id} has no 200 schema`);
  return (csvExports[id] as CsvExport).table(schema.parse(body), language);
}

/** The export's rows as objects keyed by the header, for readable expectations. */
function exported(id: keyof typeof csvExports, language: Language = 'zh-CN', body: unknown = samples[id]) {
  const table = rawTable(id, language, body);
  const rows = table.rows.map((row) => Object.fromEntries(table.header.map((name, i) => [name, row[i]])));
  return { ...table, rows };
}

describe('the CSV export registry', () => {
  /** `page(...)` or `{ items: [...] }`: a record that merely has `items` (a return's lines) is no list. */
  const isList = (schema: z.ZodType | undefined) =>
    schema instanceof z.ZodObject &&
    schema.shape.items instanceof z.ZodArray &&
    Object.keys(schema.shape).every((key) => key === 'items' || key === 'nextCursor');

  it('has an export for every GET list and every report of the route registry', () => {
    const exportable = routeList.filter(
      (route) =>
        route.method === 'GET' &&
        (route.path.startsWith('/v1/reports/') ||
          isList((route.responses as Record<number, { schema?: z.ZodType }>)[200]?.schema)),
    );

    expect(exportable.length).toBeGreaterThan(10);
    expect(exportable.filter((route) => !csvExportOf(route.id)).map((route) => route.id)).toEqual([]);
  });

  it('exports GET routes only', () => {
    for (const id of Object.keys(csvExports) as RouteId[]) expect(routes[id].method).toBe('GET');
  });

  it.each(Object.keys(csvExports) as (keyof typeof csvExports)[])(
    '%s: named headers in both languages, as many cells in every row',
    (id) => {
      for (const language of ['zh-CN', 'en'] as const) {
        const table = rawTable(id, language);
        expect(new Set(table.header).size).toBe(table.header.length);
        for (const name of table.header) expect(name.trim()).not.toBe('');
        for (const row of table.rows) expect(row).toHaveLength(table.header.length);
      }
      expect(csvExports[id]?.fileName).toMatch(/^[a-z-]+$/);
    },
  );
});

describe('list exports', () => {
  it('write a complaint row with its reference, time of receipt, organisation and kind label', () => {
    const { rows } = exported('listComplaints');

    expect(rows).toEqual([
      {
        编号: 'TS-20261127-0001',
        接收时间: at,
        状态: 'RECEIVED',
        渠道: 'phone',
        单位: '北京市第一中学',
        摘要: '学生课桌椅 KZY-01 · B2025-031',
        办事处: 'bj',
        客户编号: undefined,
        类型: '投诉',
        系统编号: caseSummary.id,
      },
    ]);
    expect(exported('listComplaints', 'en').rows[0]).toMatchObject({
      Reference: caseSummary.reference,
      Kind: 'complaint',
    });
    expect(exported('listServiceRequests', 'en').rows[0]).toMatchObject({
      Kind: 'repair/maintenance request',
    });
  });

  it('name a task step by its label, and a survey follow-up by its kind', () => {
    const { rows } = exported('listTasks');

    expect(rows[0]).toMatchObject({ 步骤: '调查与处理意见', 已超期: '是', 升级次数: 1, 角色: 'quality' });
    expect(rows[1]).toMatchObject({ 步骤: 'surveyFollowUp', 已超期: '否', 评分: 1, 意见: '太慢了' });
    expect(exported('listTasks', 'en').rows[0]).toMatchObject({
      Step: 'Investigation and handling opinion',
      Overdue: 'yes',
    });
  });

  it('flatten a customer to its primary contact, tags, consent, account manager and plan', () => {
    expect(exported('listCustomers').rows[0]).toMatchObject({
      单位: '北京市第一中学',
      客户等级: 'key',
      联系人: '张伟',
      职务: '总务处主任',
      电话: undefined,
      邮箱: 'zhang.wei@bj1school.example.cn',
      联系人数: 2,
      标签: '重点; 2025',
      同意接收调查邮件: '是',
      停止发送邮件: '否',
      客户经理: '刘经理',
      每年拜访次数: 4,
      下次联系日期: '2026-12-01',
    });
  });

  it('write offices, logged contacts (with who logged them) and supervision notes', () => {
    expect(exported('listOffices', 'en').rows).toEqual([
      { Office: 'bj', Name: '北京办事处', Region: '华北', Email: 'bj@aftersales.local' },
    ]);
    expect(exported('listCustomerContacts').rows[0]).toMatchObject({
      联系方式: 'visit',
      沟通内容: '讨论新学期课桌需求，\n预计 300 套',
      记录人: 'cs@aftersales.local',
      跟进日期: '2026-12-10',
    });
    expect(exported('listSupervisionNotes', 'en').rows[0]).toMatchObject({
      Date: '2026-11-20',
      Finding: '回访记录不全',
      'Recorded by': 'manager@aftersales.local',
    });
  });

  it('write a survey answer as its score, or a follow-up answer as its status and problem', () => {
    const { rows } = exported('listCustomerSurveys');

    expect(rows[0]).toMatchObject({
      评分: 2,
      意见: '=HYPERLINK("http://x")',
      产品类别: '家具',
      回复: undefined,
    });
    expect(rows[1]).toMatchObject({
      评分: undefined,
      回复: 'problem',
      问题: '抽屉卡住',
      由回复生成的案件: 'WX-20261130-0002',
    });
  });

  it('write a return with its products and quantities, units and decision', () => {
    expect(exported('listReturns').rows[0]).toMatchObject({
      编号: 'TH-20261127-0001',
      '退货/换货': 'exchange',
      产品及数量: '学生椅 × 3; 课桌 × 2',
      件数: 5,
      已批准: '是',
      审批意见: '同意换货',
      收货日期: undefined,
    });
  });

  it('label inquiry kinds in the queues, and write only the header for an empty list', () => {
    expect(exported('listForwardedInquiries').rows[0]).toMatchObject({ 类型: '建议', 备注: '请评估' });
    expect(exported('listForwardedInquiries', 'en').rows[0]).toMatchObject({ Kind: 'suggestion' });
    const empty = exported('listFlaggedInquiries');
    expect(empty.rows).toEqual([]);
    expect(empty.header[0]).toBe('编号');
  });
});

describe('report exports', () => {
  it('write the satisfaction report one group a row, categories labelled, then the total', () => {
    const { rows } = exported('getSatisfactionReport');

    expect(rows.map((row) => row.分组)).toEqual(['家具', 'none', '合计']);
    expect(rows[0]).toMatchObject({
      'CSAT 回复数': 6,
      'CSAT 回复率': 0.6,
      'CSAT 5 分': 4,
      'NPS 净推荐值': null,
    });
    expect(rows[2]).toMatchObject({ 'CSAT 回复数': 8, '回访 反映问题': 1, '保修期满检查 要求检查': 1 });
    expect(exported('getSatisfactionReport', 'en').rows[2]).toMatchObject({
      Group: 'Total',
      'CSAT answered': 8,
    });
  });

  it('write the complaint report one month a row, then the total', () => {
    const { rows } = exported('getComplaintReport', 'en');

    expect(rows.map((row) => row.Month)).toEqual(['2026-10', '2026-11', 'Total']);
    expect(rows[2]).toMatchObject({
      'Complaints received': 6,
      'Replies on time': 5,
      'Replies on-time rate': 0.75,
      Internal: 5,
      'Closing average days': 12.5,
      'Closed in 7–30 days': 1,
      'CAPA first-time effective rate': 1,
    });
  });

  it('write the Pareto table largest first, then the others and the total, its key named after the dimension', () => {
    const { header, rows } = exported('getComplaintPareto');

    expect(header).toEqual(['产品类别', '投诉数', '占比', '累计占比']);
    expect(rows).toEqual([
      { 产品类别: '家具', 投诉数: 6, 占比: 0.6, 累计占比: 0.6 },
      { 产品类别: '电器', 投诉数: 3, 占比: 0.3, 累计占比: 0.9 },
      { 产品类别: '其他', 投诉数: 1, 占比: undefined, 累计占比: undefined },
      { 产品类别: '合计', 投诉数: 10, 占比: undefined, 累计占比: undefined },
    ]);
    const byCause = exported('getComplaintPareto', 'en', {
      by: 'cause',
      from: '2026-01',
      to: '2026-12',
      total: 3,
      items: [
        { key: 'material', count: 2, share: 0.6667, cumulativeShare: 0.6667 },
        { key: 'unlisted-cause', count: 1, share: 0.3333, cumulativeShare: 1 },
      ],
      others: 0,
    });
    expect(byCause.rows.map((row) => [row.Cause, row.Complaints])).toEqual([
      ['Material', 2],
      ['unlisted-cause', 1],
      ['Total', 3],
    ]);
  });

  it('write the returns report one month a row, then the total', () => {
    expect(exported('getReturnsReport', 'en').rows).toEqual([
      {
        Month: '2026-10',
        'Units delivered': 100,
        'Return requests': 1,
        'Units returned': 0,
        'Return rate': 0,
      },
      {
        Month: '2026-11',
        'Units delivered': 100,
        'Return requests': 1,
        'Units returned': 3,
        'Return rate': 0.03,
      },
      {
        Month: 'Total',
        'Units delivered': 200,
        'Return requests': 1,
        'Units returned': 3,
        'Return rate': 0.015,
      },
    ]);
  });

  it('write the office league one office a row with its rank, target and latest note, then the total', () => {
    const { rows } = exported('getOfficeLeague');

    expect(rows[0]).toMatchObject({
      排名: 1,
      办事处: 'bj',
      名称: '北京办事处',
      '首次响应 平均分钟': 42.5,
      答复时效达标率: 1,
      每百次交付投诉数: 25,
      'CSAT 目标': 4,
      'CSAT 达标': '是',
      最新督导记录: '2026-11-20 回访记录不全',
    });
    expect(rows[1]).toMatchObject({
      排名: undefined,
      办事处: '合计',
      'CSAT 平均分': 4.5,
      'CSAT 达标': undefined,
    });
  });
});

describe('CSV mode of a request', () => {
  const problemOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ExportFormatError);
      return { status: (error as ExportFormatError).status, errors: (error as ExportFormatError).errors };
    }
    throw new Error('no problem');
  };

  it('takes format and header off the query, leaving the route its own parameters', () => {
    const { query, csv } = csvModeOf(
      'listComplaints',
      { format: 'csv', header: 'false', limit: '2' },
      'zh-CN',
    );

    expect(query).toEqual({ limit: '2' });
    expect(csv?.header).toBe(false);
    expect(csv?.export.fileName).toBe('complaints');
    expect(csvModeOf('getSatisfactionReport', { format: 'csv' }, 'en').csv?.header).toBe(true);
  });

  it('leaves a query without format as it is', () => {
    const parameters = { limit: '2', header: 'false' };

    expect(csvModeOf('listComplaints', parameters, 'zh-CN')).toEqual({ query: parameters });
  });

  it.each([
    ['another format', 'listComplaints', { format: 'xml' }, 'query.format', 'invalid_option'],
    ['csv of a route without an export', 'getComplaint', { format: 'csv' }, 'query.format', 'not_exportable'],
    [
      'a header that is not a boolean',
      'listComplaints',
      { format: 'csv', header: 'no' },
      'query.header',
      'invalid_option',
    ],
  ] as const)('refuses %s with a 400 naming the parameter', (_, id, parameters, field, code) => {
    const problem = problemOf(() => csvModeOf(id, parameters, 'en'));

    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([expect.objectContaining({ field, code })]);
  });
});

describe('a CSV response', () => {
  const now = new Date('2026-11-26T17:00:00Z'); // already 27 November in Shanghai
  const mode = (header: boolean) => ({ export: csvExports.listComplaints as CsvExport, header });

  it('is text/csv with a BOM, an attachment named after the list and the Shanghai day, and the JSON headers kept', () => {
    const result = csvResult(
      { status: 200, body: samples.listComplaints, headers: { ETag: '"3"' } },
      mode(true),
      { language: 'zh-CN', now, parameters: { format: 'csv', limit: '1' } },
    );

    expect(result.contentType).toBe('text/csv; charset=utf-8');
    expect(result.headers).toMatchObject({
      ETag: '"3"',
      'Content-Disposition': 'attachment; filename="complaints-2026-11-27.csv"',
      'X-Next-Cursor': 'eyJwayI6IngifQ',
      Link: '<?format=csv&limit=1&cursor=eyJwayI6IngifQ&header=false>; rel="next"',
    });
    expect(String(result.body).startsWith(`${BOM}编号,接收时间,`)).toBe(true);
    expect(String(result.body)).toContain('\r\nTS-20261127-0001,2026-11-27T09:30:00+08:00,RECEIVED,');
  });

  it('names no next page on the last one, and leaves out BOM and header when asked', () => {
    const result = csvResult({ status: 200, body: { items: [caseSummary] } }, mode(false), {
      language: 'en',
      now,
      parameters: { format: 'csv', header: 'false', cursor: 'abc' },
    });

    expect(result.headers?.['X-Next-Cursor']).toBeUndefined();
    expect(result.headers?.Link).toBeUndefined();
    expect(String(result.body).startsWith('TS-20261127-0001,')).toBe(true);
  });
});

describe('spare parts exports', () => {
  it('write a part with its stock card, a ledger entry with the lots it took, and the requisition and scrap steps', () => {
    expect(exported('listParts').rows[0]).toMatchObject({
      配件编号: 'QYB-120',
      类别: '关键件（三定）',
      库存数量: 18,
      '库存金额（元）': 630.3,
      低于下限: '是',
    });
    expect(exported('listPartLedger', 'en').rows[0]).toMatchObject({
      Movement: 'Issued',
      Quantity: -3,
      'Value (CNY)': -105.1,
      Lots: 'L1 2026-10-01 × 2 @ 35; L2 2026-11-01 × 1 @ 35.1',
      By: 'warehouse@aftersales.local',
    });
    expect(exported('listRequisitions').rows[0]).toMatchObject({
      状态: '采购中',
      紧急: '是',
      预计到货: '2026-12-12',
      部门负责人审批: 'approve (head@aftersales.local)',
      延期报告: 1,
    });
    expect(exported('listScraps', 'en').rows[0]).toMatchObject({
      'Value (CNY)': 210.6,
    });
    expect(exported('listOldLots').rows[0]).toMatchObject({ 配件编号: 'QYB-120' });
  });

  it('write the parts report one month a row, then the total', () => {
    const { rows } = exported('getPartsReport', 'en');

    expect(rows.map((row) => row.Month)).toEqual(['2026-10', '2026-11', 'Total']);
    expect(rows[2]).toMatchObject({ 'Repair spend (CNY)': 160 });
  });
});
