import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createPart } from '../shared/app/parts.ts';
import { receiveParts } from '../shared/app/stock-movements.ts';
import { addDays, shanghaiDate } from '../shared/calendar/plain-date.ts';
import type { ComplaintCounters, ReturnsCounters } from '../shared/domain/complaint-report.ts';
import { addMonths, type Month, monthOf } from '../shared/domain/satisfaction-report.ts';
import { ConflictError } from '../shared/errors.ts';
import type { StaffCaller } from '../shared/http/roles.ts';
import type { ContactLogEntry } from '../shared/schemas/care-plan.ts';
import type { Customer, Delivery, Office, Product } from '../shared/schemas/customers.ts';
import type { PartInput } from '../shared/schemas/parts.ts';
import type { ComplaintCause, ParetoDimension } from '../shared/schemas/reports.ts';
import { emptyChain, nextEvent, systemActor } from '../shared/store/audit.ts';
import { documentClient, tableName } from '../shared/store/client.ts';
import { putContact } from '../shared/store/contact-log.ts';
import { customerKey, insertCustomer } from '../shared/store/customers.ts';
import { putDelivery } from '../shared/store/deliveries.ts';
import { putOffice } from '../shared/store/offices.ts';
import { putProduct } from '../shared/store/products.ts';
import { putStatSnapshots, statSnapshots } from '../shared/store/report-stats.ts';

/** The day the demo is seeded (Asia/Shanghai): the care plans' dates count from it, so `npm start` shows them current. */
const seedDay = shanghaiDate(new Date());
/** 10:00 Shanghai time, `days` from the seed day (negative: before). */
const seedInstant = (days: number) => new Date(`${addDays(seedDay, days)}T10:00:00+08:00`).toISOString();

export const demoOffices: Office[] = [
  { id: 'bj', name: '北京办事处', region: '北京市', email: 'bj-office@aftersales.local' },
  { id: 'sh', name: '上海办事处', region: '上海市', email: 'sh-office@aftersales.local' },
  { id: 'gz', name: '广州办事处', region: '广东省广州市', email: 'gz-office@aftersales.local' },
];

/** Departments that answer CAPA requests (相关责任单位) in the demo. */
export const demoDepartments = [
  { id: 'assembly', name: '装配车间' },
  { id: 'painting', name: '涂装车间' },
  { id: 'procurement', name: '采购部' },
];

/** Where staff notices go locally: one inbox address per role and department, all visible in the SES inbox. */
export const localMailboxes: Record<string, string> = {
  quality: 'quality@aftersales.local',
  'factory-quality': 'factory-quality@aftersales.local',
  production: 'production@aftersales.local',
  'customer-service': 'customer-service@aftersales.local',
  manager: 'manager@aftersales.local',
  warehouse: 'warehouse@aftersales.local',
  ...Object.fromEntries(demoDepartments.map((d) => [`department:${d.id}`, `${d.id}@aftersales.local`])),
};

export const demoProducts: Product[] = [
  { id: 'kzy-01', name: '学生课桌椅', model: 'KZY-01', category: 'furniture' },
  { id: 'bgy-20', name: '办公椅', model: 'BGY-20', category: 'furniture' },
  { id: 'wjg-05', name: '钢制文件柜', model: 'WJG-05', category: 'furniture' },
  { id: 'zgl-300', name: '遮光窗帘', model: 'ZGL-300', category: 'curtain' },
  { id: 'kt-35', name: '壁挂式空调', model: 'KT-35', category: 'appliance' },
];

const at = '2026-01-05T09:00:00.000Z';
const customer = (
  c: Omit<Customer, 'version' | 'createdAt' | 'updatedAt' | 'tags' | 'language' | 'doNotEmail'> &
    Partial<Customer>,
): Customer => ({
  tags: [],
  doNotEmail: false,
  language: 'zh-CN',
  version: 1,
  createdAt: at,
  updatedAt: at,
  ...c,
});

export const demoCustomers: Customer[] = [
  customer({
    id: 'bj-no1-school',
    organization: '北京市第一中学',
    contacts: [
      {
        name: '张伟',
        title: '总务处主任',
        phone: '010-6512 3456',
        email: 'zhang.wei@bj1school.example.cn',
        primary: true,
      },
    ],
    region: '北京市东城区',
    officeId: 'bj',
    tier: 'key',
    tags: ['学校', '重点客户'],
    emailConsent: true,
    accountManager: { name: '王磊', email: 'wang.lei@aftersales.local' },
    contactPlan: { visitsPerYear: 4, callsPerQuarter: 2, nextContactOn: addDays(seedDay, 10) },
  }),
  customer({
    id: 'sh-education-bureau',
    organization: '上海市教育局机关',
    contacts: [
      {
        name: 'Li Na',
        title: '行政处',
        phone: '021-6321 0000',
        email: 'li.na@sh-edu.example.cn',
        primary: true,
      },
    ],
    region: '上海市黄浦区',
    officeId: 'sh',
    tier: 'key',
    tags: ['机关'],
    emailConsent: true,
    language: 'en',
    accountManager: { name: '刘洋', email: 'liu.yang@aftersales.local' },
    // Behind on purpose: the planned contact was 5 days ago and nobody has called.
    contactPlan: { visitsPerYear: 2, callsPerQuarter: 1, nextContactOn: addDays(seedDay, -5) },
  }),
  customer({
    id: 'gz-tianhe-primary',
    organization: '广州市天河区实验小学',
    contacts: [{ name: '陈静', phone: '020-3888 1234', email: 'chen.jing@thsx.example.cn', primary: true }],
    region: '广东省广州市天河区',
    officeId: 'gz',
    tier: 'regular',
    tags: ['学校'],
    emailConsent: false,
  }),
  customer({
    id: 'bj-haidian-service-center',
    organization: '北京市海淀区政务服务中心',
    contacts: [{ name: '王强', phone: '010-8288 6000', email: 'wang.qiang@hdzw.example.cn', primary: true }],
    region: '北京市海淀区',
    officeId: 'bj',
    tier: 'regular',
    emailConsent: true,
  }),
];

const item = (product: Product, quantity: number) => ({
  productId: product.id,
  productName: `${product.name} ${product.model}`,
  category: product.category,
  quantity,
});
const [desk, chair, cabinet, curtain, aircon] = demoProducts as [Product, Product, Product, Product, Product];

/** Deliveries chosen so the demo shows every warranty outcome: free, chargeable, from delivery date. */
export const demoDeliveries: Delivery[] = [
  {
    id: 'd-bj1-2025',
    customerId: 'bj-no1-school',
    orderRef: 'HT-2025-BJ-001',
    batch: 'B2025-031',
    items: [item(desk, 600), item(cabinet, 40)],
    deliveredOn: '2025-03-10',
    acceptedOn: '2025-03-20',
  },
  {
    id: 'd-sh-2023',
    customerId: 'sh-education-bureau',
    orderRef: 'HT-2023-SH-017',
    batch: 'B2023-112',
    items: [item(curtain, 120), item(chair, 80)],
    deliveredOn: '2023-09-01',
    acceptedOn: '2023-09-08',
  },
  {
    id: 'd-gz-2024',
    customerId: 'gz-tianhe-primary',
    orderRef: 'HT-2024-GZ-044',
    batch: 'B2024-077',
    items: [item(aircon, 36)],
    deliveredOn: '2024-12-02',
  },
  {
    id: 'd-hd-2026',
    customerId: 'bj-haidian-service-center',
    orderRef: 'HT-2026-BJ-009',
    batch: 'B2026-015',
    items: [item(chair, 150), item(cabinet, 30)],
    deliveredOn: '2026-06-01',
    acceptedOn: '2026-06-10',
  },
];

/** An account manager as the audit trail names staff (their demo sign-in id). */
const staffActor = (email: string): ContactLogEntry['by'] => ({
  kind: 'staff',
  sub: `demo-${email.split('@')[0]}`,
  email,
  roles: ['customer-service'],
});
const contact = (
  id: string,
  customerId: string,
  days: number,
  fields: Omit<ContactLogEntry, 'id' | 'customerId' | 'at' | 'by' | 'createdAt'>,
  by: string,
): ContactLogEntry => ({
  id,
  customerId,
  at: seedInstant(days),
  by: staffActor(by),
  ...fields,
  createdAt: seedInstant(days),
});

/** Logged contacts with the key accounts (重点客户关怀): the Beijing school's plan is on track, Shanghai's behind. */
export const demoContacts: ContactLogEntry[] = [
  contact(
    'demo-bj1-visit-1',
    'bj-no1-school',
    -200,
    { kind: 'visit', summary: '回访新学期课桌椅使用情况，整体满意。', customerContact: '张伟' },
    'wang.lei@aftersales.local',
  ),
  contact(
    'demo-bj1-meeting-1',
    'bj-no1-school',
    -110,
    {
      kind: 'meeting',
      summary: '与总务处讨论暑期维护保养安排。',
      needs: '暑假期间完成全部课桌椅紧固检查',
      customerContact: '张伟',
    },
    'wang.lei@aftersales.local',
  ),
  contact(
    'demo-bj1-visit-2',
    'bj-no1-school',
    -20,
    {
      kind: 'visit',
      summary: '上门查看图书馆文件柜，部分柜门铰链松动。',
      needs: '更换文件柜铰链',
      opportunities: '新校区明年增购学生课桌椅约 300 套',
      customerContact: '张伟',
    },
    'wang.lei@aftersales.local',
  ),
  contact(
    'demo-bj1-call-1',
    'bj-no1-school',
    -6,
    {
      kind: 'call',
      summary: '确认铰链更换时间。',
      followUpOn: addDays(seedDay, 7),
      customerContact: '张伟',
    },
    'wang.lei@aftersales.local',
  ),
  contact(
    'demo-sh-meeting-1',
    'sh-education-bureau',
    -70,
    {
      kind: 'meeting',
      summary: 'Annual review with the administration office; curtains due for maintenance.',
      needs: 'Curtain maintenance before winter',
      customerContact: 'Li Na',
    },
    'liu.yang@aftersales.local',
  ),
];

// ---- demo spare parts (备品备件) -------------------------------------------------------------

/** The warehouse keeper who received the demo stock (a demo sign-in id, like the account managers). */
const demoWarehouseKeeper: StaffCaller = {
  kind: 'staff',
  sub: 'demo-warehouse',
  email: 'warehouse@aftersales.local',
  roles: ['warehouse'],
};

/** An accepted receipt of the demo stock, `daysAgo` before the seed day. */
interface DemoReceipt {
  readonly daysAgo: number;
  readonly quantity: number;
  readonly unitCost: number;
  readonly supplier: string;
}

const standardPart = (part: Omit<PartInput, 'category' | 'fixedAsset'> & Partial<PartInput>): PartInput => ({
  category: 'standard',
  fixedAsset: false,
  ...part,
});

/**
 * A small catalogue for the demo and the repair visits of the tests: the gas lift of the sample
 * visit report (QYB-120, ample stock in three lots of different costs, so FIFO shows), hinges and
 * casters, a key "three fixed" part (三定), a non-standard self-made part with its drawing, a
 * fixed-asset spare and a part standing at its low quota. Received through the real movements, so
 * ledger, card and lots agree (帐、卡、物相符).
 */
export const demoParts: readonly { readonly part: PartInput; readonly receipts: readonly DemoReceipt[] }[] = [
  {
    part: standardPart({
      partNumber: 'QYB-120',
      name: '气压棒',
      specification: '办公椅气压棒，行程 120 mm，4 级，承重 120 kg',
      unit: '件',
      unitCost: 38.5,
      location: 'A-01-1',
      lowQuota: 20,
      highQuota: 300,
    }),
    receipts: [
      { daysAgo: 150, quantity: 60, unitCost: 35, supplier: '宁波华东气弹簧有限公司' },
      { daysAgo: 60, quantity: 80, unitCost: 38.5, supplier: '宁波华东气弹簧有限公司' },
      { daysAgo: 15, quantity: 60, unitCost: 40.2, supplier: '常州恒力五金' },
    ],
  },
  {
    part: standardPart({
      partNumber: 'JL-35',
      name: '课桌铰链',
      specification: '35 mm 杯状铰链，带缓冲',
      unit: '个',
      unitCost: 4.2,
      location: 'B-02-1',
      lowQuota: 50,
      highQuota: 400,
    }),
    receipts: [
      { daysAgo: 90, quantity: 100, unitCost: 4, supplier: '广东东泰五金' },
      { daysAgo: 30, quantity: 150, unitCost: 4.2, supplier: '广东东泰五金' },
    ],
  },
  {
    part: standardPart({
      partNumber: 'JL-WJG05',
      name: '文件柜门铰链',
      specification: 'WJG-05 钢制文件柜门铰链，左右通用',
      unit: '副',
      unitCost: 6.5,
      location: 'B-02-3',
      lowQuota: 20,
      highQuota: 120,
    }),
    receipts: [{ daysAgo: 45, quantity: 80, unitCost: 6.5, supplier: '广东东泰五金' }],
  },
  {
    part: standardPart({
      partNumber: 'JL-LUN50',
      name: '椅子脚轮',
      specification: '50 mm 尼龙静音脚轮，插杆 11 mm',
      unit: '个',
      unitCost: 3.8,
      location: 'A-02-2',
      lowQuota: 100,
      highQuota: 600,
    }),
    receipts: [
      { daysAgo: 120, quantity: 300, unitCost: 3.6, supplier: '佛山顺德脚轮厂' },
      { daysAgo: 20, quantity: 200, unitCost: 3.9, supplier: '佛山顺德脚轮厂' },
    ],
  },
  {
    part: {
      partNumber: 'YSJ-KT35',
      name: '空调压缩机',
      specification: 'KT-35 壁挂式空调用旋转式压缩机，R32 冷媒',
      maker: '广东美芝制冷设备有限公司',
      model: 'KSN140D21UFZ',
      unit: '台',
      unitCost: 680,
      category: 'key',
      location: 'C-01-1',
      lowQuota: 2,
      highQuota: 8,
      fixedAsset: false,
    },
    receipts: [
      { daysAgo: 80, quantity: 5, unitCost: 650, supplier: '广东美芝制冷设备有限公司' },
      { daysAgo: 10, quantity: 3, unitCost: 680, supplier: '广东美芝制冷设备有限公司' },
    ],
  },
  {
    part: {
      partNumber: 'FB-KZY01-LJB',
      name: '桌斗连接板（自加工）',
      specification: 'KZY-01 课桌桌斗连接板，2.0 mm 冷轧板折弯，喷塑灰白',
      drawing: { reference: 'KZY-01-07', revision: 'C' },
      unit: '件',
      unitCost: 12,
      category: 'nonStandard',
      location: 'D-01-4',
      lowQuota: 30,
      highQuota: 150,
      fixedAsset: false,
    },
    receipts: [{ daysAgo: 50, quantity: 100, unitCost: 11.5, supplier: '本厂机加车间' }],
  },
  {
    part: standardPart({
      partNumber: 'FBJ-MOTOR-3KW',
      name: '封边机备用主电机',
      specification: '3 kW 380 V 2800 r/min，适用于 MF503 封边机',
      unit: '台',
      unitCost: 2400,
      location: 'E-01-1',
      lowQuota: 0,
      highQuota: 1,
      fixedAsset: true,
    }),
    receipts: [{ daysAgo: 200, quantity: 1, unitCost: 2350, supplier: '南兴装备股份有限公司' }],
  },
  {
    part: standardPart({
      partNumber: 'ZGL-HL20',
      name: '窗帘导轨滑轮',
      specification: 'ZGL-300 遮光窗帘导轨滑轮，20 个/袋',
      unit: '袋',
      unitCost: 9.8,
      location: 'B-04-2',
      lowQuota: 10,
      highQuota: 60,
    }),
    receipts: [{ daysAgo: 40, quantity: 40, unitCost: 9.8, supplier: '绍兴布艺配件厂' }],
  },
  {
    // At its low quota on purpose: the parts list and the daily stock check show it.
    part: standardPart({
      partNumber: 'SX-WJG05',
      name: '文件柜锁芯',
      specification: 'WJG-05 文件柜锁芯，配 2 把钥匙',
      unit: '套',
      unitCost: 15,
      location: 'B-03-1',
      lowQuota: 10,
      highQuota: 50,
    }),
    receipts: [{ daysAgo: 70, quantity: 10, unitCost: 15, supplier: '浙江永康锁业' }],
  },
  {
    part: standardPart({
      partNumber: 'LS-M6X30',
      name: '内六角螺丝 M6×30',
      specification: '镀锌，100 颗/盒',
      unit: '盒',
      unitCost: 18,
      location: 'A-05-1',
      lowQuota: 5,
      highQuota: 40,
    }),
    receipts: [{ daysAgo: 100, quantity: 20, unitCost: 17.5, supplier: '上海标五紧固件' }],
  },
];

/**
 * Adds a demo part and receives its lots, each on its own day (the ledger and the monthly parts
 * counters show them then). A part that exists is left as it is, receipts and all.
 */
async function seedPart({ part, receipts }: (typeof demoParts)[number]): Promise<void> {
  const oldest = Math.max(...receipts.map((r) => r.daysAgo));
  try {
    await createPart(part, demoWarehouseKeeper, new Date(seedInstant(-oldest - 1)));
  } catch (error) {
    if (error instanceof ConflictError) return;
    throw error;
  }
  for (const receipt of [...receipts].sort((a, b) => b.daysAgo - a.daysAgo)) {
    const now = new Date(seedInstant(-receipt.daysAgo));
    await receiveParts(
      part.partNumber,
      {
        quantity: receipt.quantity,
        unitCost: receipt.unitCost,
        supplier: receipt.supplier,
        receivedOn: shanghaiDate(now),
        inspection: { result: 'accepted' },
      },
      { caller: demoWarehouseKeeper, now },
    );
  }
}

// ---- demo history of the head-office reports ------------------------------------------------
// DEMO HISTORY, NOT REAL COMPLAINTS: the counters of the 12 months before the seed month, made up
// so that GET /v1/reports/complaints, /complaints/pareto and /returns show trends on a fresh
// `npm start`. No complaint or return exists behind them; everything done while the demo runs is
// counted on top by the real code paths. Derived from the month alone: seeding again writes the
// same numbers.

/** A stable number 0..999 for a month and a purpose, so the history varies but never changes. */
const wobble = (month: Month, salt: string) => {
  let hash = 2166136261;
  for (const char of `${month}:${salt}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return (hash >>> 0) % 1000;
};

/** `total` split by `weights` (largest remainder): the parts add up to `total` exactly. */
function apportion<K extends string>(total: number, weights: Record<K, number>): Record<K, number> {
  const keys = Object.keys(weights) as K[];
  const sum = keys.reduce((all, key) => all + weights[key], 0);
  const exact = keys.map((key) => ({ key, share: (total * weights[key]) / sum }));
  const parts = Object.fromEntries(exact.map(({ key, share }) => [key, Math.floor(share)])) as Record<
    K,
    number
  >;
  let left = total - keys.reduce((all, key) => all + parts[key], 0);
  for (const { key } of [...exact].sort((a, b) => (b.share % 1) - (a.share % 1))) {
    if (left-- <= 0) break;
    parts[key] += 1;
  }
  return parts;
}

const causeWeights: Record<ComplaintCause, number> = {
  workmanship: 30,
  material: 22,
  usage: 18,
  'packaging-transport': 12,
  installation: 8,
  design: 5,
  supplier: 3,
  other: 2,
};
const factoryWeights = { '一厂（廊坊）': 46, '二厂（佛山）': 34, '三厂（成都）': 15, unknown: 5 };
const demoBatches = ['B2025-031', 'B2026-015', 'B2025-118', 'B2026-042', 'B2024-077'];

/** One month of demo history: complaint figures, Pareto keys and returns, consistent with each other. */
function demoMonth(month: Month, monthsAgo: number) {
  const w = (salt: string) => wobble(month, salt);
  const received = 18 + (w('received') % 15);
  const internal = Math.round(received * (0.35 + (w('internal') % 15) / 100));
  const onTime = Math.round(received * (0.82 + (w('onTime') % 14) / 100));
  // The latest months still have complaints open (nothing of them closed or verified yet).
  const open = monthsAgo <= 2 ? 1 + (w('open') % 3) + (monthsAgo === 1 ? 2 : 0) : 0;
  const closed = received - open;
  const over90 = monthsAgo >= 4 ? w('over90') % 2 : 0;
  const within7 = Math.round(closed * 0.42);
  const within30 = Math.round(closed * 0.38);
  const within90 = closed - within7 - within30 - over90;
  const effective = Math.max(0, internal - (monthsAgo <= 2 ? 3 : w('pending') % 2));
  const firstTime = Math.round(effective * (0.6 + (w('firstTime') % 25) / 100));
  const complaints: ComplaintCounters = {
    received,
    repliesOnTime: onTime,
    repliesLate: received - onTime,
    replyBreaches: received - onTime,
    replyExtensions: w('extensions') % 3,
    responsibleCustomer: received - internal,
    responsibleInternal: internal,
    closed,
    closeMinutes:
      (within7 * 4 + within30 * 16 + within90 * 48 + over90 * 110) * 1440 + (w('minutes') % 600) * closed,
    closedWithin7Days: within7,
    closedWithin30Days: within30,
    closedWithin90Days: within90,
    closedOver90Days: over90,
    capaRequested: internal,
    capaEffective: effective,
    capaFirstTimeEffective: firstTime,
    capaVerificationRounds: firstTime + 2 * (effective - firstTime),
    capaIneffectiveRounds: effective - firstTime,
  };
  const batchWeights = Object.fromEntries(
    demoBatches.map((batch, i) => [
      batch,
      5 + ((w(batch) + i * 97) % 20) + (batch === 'B2026-042' && monthsAgo <= 4 ? 25 : 0),
    ]),
  );
  const pareto: Record<ParetoDimension, Record<string, number>> = {
    cause: apportion(received, causeWeights),
    category: apportion(received, { furniture: 70 + (w('furniture') % 10), appliance: 18, curtain: 12 }),
    batch: apportion(received, batchWeights),
    factory: apportion(received, factoryWeights),
  };
  const deliveredUnits = 900 + (w('delivered') % 800);
  const returns = 2 + (w('returns') % 5);
  const returnsCounters: ReturnsCounters = {
    deliveredUnits,
    returns,
    returnedUnits: returns * (3 + (w('units') % 6)),
  };
  return { complaints, pareto, returns: returnsCounters };
}

/** The demo history's counter items of the 12 months before `seedMonth` (see above). */
export function demoReportHistory(seedMonth: Month) {
  const complaintItems: Record<string, unknown>[] = [];
  const returnsItems: Record<string, unknown>[] = [];
  for (let monthsAgo = 12; monthsAgo >= 1; monthsAgo -= 1) {
    const month = addMonths(seedMonth, -monthsAgo);
    const history = demoMonth(month, monthsAgo);
    complaintItems.push(statSnapshots.complaintMonth(month, history.complaints));
    for (const [dimension, counts] of Object.entries(history.pareto) as [
      ParetoDimension,
      Record<string, number>,
    ][]) {
      for (const [key, count] of Object.entries(counts)) {
        if (count > 0) complaintItems.push(statSnapshots.paretoKey(month, dimension, key, count));
      }
    }
    returnsItems.push(statSnapshots.returnsMonth(month, history.returns));
  }
  return { complaintItems, returnsItems };
}

/**
 * Seeds the demo data: once, offices, products, customers (key accounts among them, with their
 * account managers, contact plans and logged contacts), deliveries and the demo history of the
 * head-office reports; and a small spare-parts catalogue with stock wherever a part is missing, so
 * local data seeded before spare parts existed gets them too. Every write is keyed by a fixed id
 * (contacts by their seed day), so an interrupted seed simply runs again. True when seeded now.
 */
export async function seedDemoData(): Promise<boolean> {
  const seeded = await seedDemoOnce();
  for (const part of demoParts) await seedPart(part);
  return seeded;
}

async function seedDemoOnce(): Promise<boolean> {
  const marker = { pk: 'SEED#demo', sk: 'SEED' };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...marker, entityType: 'seed', state: 'started' },
        ConditionExpression: 'attribute_not_exists(pk) OR #state <> :done',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':done': 'done' },
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
  await Promise.all(demoOffices.map(putOffice));
  await Promise.all(demoProducts.map(putProduct));
  for (const c of demoCustomers) {
    const event = nextEvent(customerKey(c.id), emptyChain, {
      type: 'customer.created',
      at: new Date(at),
      actor: systemActor,
      data: { source: 'demo seed' },
    });
    await insertCustomer(c, event).catch((error) => {
      if (!(error instanceof ConflictError)) throw error;
    });
  }
  // Demo history first: the returns months only where nothing is counted yet, so the demo
  // deliveries below (counted by putDelivery, once) add to them even when the seed runs again.
  const history = demoReportHistory(monthOf(new Date()));
  await putStatSnapshots(history.complaintItems);
  await putStatSnapshots(history.returnsItems, { onlyNew: true });
  await Promise.all(demoDeliveries.map(putDelivery));
  await Promise.all(demoContacts.map(putContact));
  await documentClient().send(
    new PutCommand({ TableName: tableName(), Item: { ...marker, entityType: 'seed', state: 'done' } }),
  );
  return true;
}
