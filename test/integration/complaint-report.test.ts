import { AsyncLocalStorage } from 'node:async_hooks';
import { shanghaiDate } from '../../shared/calendar/plain-date.ts';
import { dynamoClient } from '../../shared/store/client.ts';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { aCustomerIn, aDeliveryOf, putTestOffices } from '../support/survey-jobs.ts';
import { complaintOf, statusOf, taskFor } from '../support/workflow.ts';

// The reports (issue 7) against a data set driven through the real code paths: complaints
// submitted with chosen receipt times, categories and batches, investigated (once, or again after
// production sent it back), replied on time or late, CAPAs verified in one or two rounds, archived;
// deliveries and returns (one rejected). The expected figures are worked out below in plain code
// from the data set itself, never by the report module. No demo seed: its history would count too.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Marks the DynamoDB calls made inside an API request (the workflow runs beside them, unmarked). */
const inRequest = new AsyncLocalStorage<true>();
const requestCalls: { command: string; pk: unknown; input: Record<string, unknown> }[] = [];

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false, instrument: (run) => inRequest.run(true, run) });
  await putTestOffices();
  dynamoClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (inRequest.getStore()) {
        const input = args.input as Record<string, unknown>;
        const values = input.ExpressionAttributeValues as Record<string, unknown> | undefined;
        const pk = values?.[':pk'] as { S?: string } | string | undefined;
        requestCalls.push({
          command: String(context.commandName),
          pk: typeof pk === 'object' ? pk?.S : pk,
          input,
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'reportCallCounter' },
  );
});
afterAll(async () => api.stop());

// ---- the data set -------------------------------------------------------------------------------

interface Investigation {
  readonly responsibility: 'customer' | 'internal';
  readonly cause: string;
  readonly factory?: string;
}

interface ComplaintPlan {
  readonly name: string;
  /** Received this long before the test ran (staff record it with `receivedAt`). */
  readonly receivedAgoMs: number;
  readonly category: 'furniture' | 'appliance' | 'curtain';
  readonly batch: string;
  /** Each but the last is sent back by production. None: not investigated yet. */
  readonly investigations: readonly Investigation[];
  /** The purchaser agrees to a later reply before it is due. */
  readonly extension?: boolean;
  /** Internal ones: the verification of each round; empty: the CAPA is requested, nothing more yet. */
  readonly verifications?: readonly ('effective' | 'ineffective')[];
}

const batch = (name: string) => `B-RPT-${name}`;
const plans: ComplaintPlan[] = [
  {
    name: 'customer-caused, replied on time, archived',
    receivedAgoMs: 1 * HOUR_MS,
    category: 'furniture',
    batch: batch('A'),
    investigations: [{ responsibility: 'customer', cause: 'usage', factory: '一厂（廊坊）' }],
  },
  {
    name: 'investigated again after production sent it back: internal became customer-caused',
    receivedAgoMs: 2 * HOUR_MS,
    category: 'furniture',
    batch: batch('A'),
    investigations: [
      { responsibility: 'internal', cause: 'workmanship', factory: '一厂（廊坊）' },
      { responsibility: 'customer', cause: 'packaging-transport' },
    ],
  },
  {
    name: 'internal, reply extended, CAPA effective at the first round',
    receivedAgoMs: 3 * HOUR_MS,
    category: 'appliance',
    batch: batch('B'),
    investigations: [{ responsibility: 'internal', cause: 'material', factory: '二厂（佛山）' }],
    extension: true,
    verifications: ['effective'],
  },
  {
    name: 'internal, replied late, CAPA effective at the second round',
    receivedAgoMs: 40 * DAY_MS,
    category: 'furniture',
    batch: batch('C'),
    investigations: [{ responsibility: 'internal', cause: 'workmanship', factory: '一厂（廊坊）' }],
    verifications: ['ineffective', 'effective'],
  },
  {
    name: 'customer-caused, replied late, archived after 100 days',
    receivedAgoMs: 100 * DAY_MS,
    category: 'curtain',
    batch: batch('C'),
    investigations: [{ responsibility: 'customer', cause: 'usage', factory: '二厂（佛山）' }],
  },
  {
    name: 'customer-caused, replied late, archived after 20 days',
    receivedAgoMs: 20 * DAY_MS,
    category: 'appliance',
    batch: batch('B'),
    investigations: [{ responsibility: 'customer', cause: 'installation', factory: '二厂（佛山）' }],
  },
  {
    name: 'internal without a known factory, replied late, CAPA requested',
    receivedAgoMs: 12 * DAY_MS,
    category: 'furniture',
    batch: batch('D'),
    investigations: [{ responsibility: 'internal', cause: 'design' }],
    verifications: [],
  },
  {
    name: 'not investigated yet',
    receivedAgoMs: 30 * 60_000,
    category: 'curtain',
    batch: batch('A'),
    investigations: [],
  },
];

/** What happened to a planned complaint, as observed while driving it. */
interface Driven {
  readonly plan: ComplaintPlan;
  readonly id: string;
  readonly receivedAt: string;
  replyDueAt: string;
  breached: boolean;
  repliedAt?: number;
  archivedAt?: string;
}

const department = { department: 'assembly' };
const driven: Driven[] = [];

async function complete(
  complaintId: string,
  step: string,
  role: string,
  body: Record<string, unknown>,
  extra: { department?: string } = {},
) {
  const task = await taskFor(api, complaintId, step, role, extra);
  const response = await api.request('POST', `/v1/tasks/${task.taskId}`, {
    token: await api.token(role, extra),
    body: { step, ...body },
  });
  if (response.status !== 200) throw new Error(`${step}: ${response.status} ${response.text}`);
}

async function submit(plan: ComplaintPlan, now: number): Promise<Driven> {
  const receivedAt = new Date(now - plan.receivedAgoMs);
  const response = await api.request<{ id: string; receivedAt: string; replyDueAt: string }>(
    'POST',
    '/v1/complaints',
    {
      token: await api.token('customer-service'),
      body: aComplaint({
        channel: 'phone',
        receivedAt: receivedAt.toISOString(),
        problemDate: shanghaiDate(receivedAt),
        product: { category: plan.category, name: `报表测试产品 ${plan.category}` },
        batch: plan.batch,
        submitter: aSubmitter({ email: uniqueEmail() }),
      }),
    },
  );
  if (response.status !== 201) throw new Error(`complaint refused: ${response.text}`);
  const { id, replyDueAt } = response.body;
  return { plan, id, receivedAt: response.body.receivedAt, replyDueAt, breached: false };
}

/** Drives one complaint through its plan, from the open investigation to where the plan ends. */
async function drive(complaint: Driven): Promise<void> {
  const { plan, id } = complaint;
  for (const [index, investigation] of plan.investigations.entries()) {
    await complete(id, 'investigation', 'quality', {
      findings: '调查结论',
      handlingOpinion: '处理意见',
      ...investigation,
      ...(investigation.responsibility === 'internal'
        ? { responsibleDepartmentId: 'assembly', preliminaryLossCny: 1200 }
        : {}),
    });
    const last = index === plan.investigations.length - 1;
    await complete(
      id,
      'productionApproval',
      'production',
      last ? { decision: 'approve' } : { decision: 'reject', reason: '请重新核实责任' },
    );
  }
  if (plan.investigations.length === 0) return;
  complaint.repliedAt = Date.now();
  await complete(id, 'customerReply', 'customer-service', { reply: '已电话答复', channel: 'phone' });
  for (const result of plan.verifications ?? []) {
    await complete(
      id,
      'rootCause',
      'department',
      { rootCause: '原因', correctiveMeasures: '纠正', preventiveMeasures: '预防' },
      department,
    );
    await complete(id, 'qualityReview', 'quality', { decision: 'approve' });
    await complete(id, 'capaReply', 'customer-service', { reply: '纠正措施', channel: 'phone' });
    await complete(
      id,
      'executionReport',
      'department',
      { report: '已执行', completedOn: shanghaiDate(new Date()) },
      department,
    );
    await complete(id, 'verification', 'quality', { result, notes: '验证' });
  }
  if (plan.verifications?.length === 0) {
    // The CAPA was requested: the department's root cause is now awaited.
    await taskFor(api, id, 'rootCause', 'department', department);
    return;
  }
  if (plan.verifications?.at(-1) === 'effective') {
    await complete(id, 'standardRevision', 'department', { notes: '无需修订' }, department);
  }
  await statusOf(api, id, 'ARCHIVED');
  complaint.archivedAt = String((await complaintOf(api, id)).archivedAt);
}

interface PlannedDelivery {
  readonly deliveredOn: string;
  readonly units: number;
}
interface PlannedReturn {
  readonly delivery: number;
  readonly kind: 'return' | 'exchange';
  readonly units: number;
  readonly rejected?: boolean;
}
const now = Date.now();
const deliveries: PlannedDelivery[] = [
  { deliveredOn: shanghaiDate(new Date(now - 70 * DAY_MS)), units: 40 },
  { deliveredOn: shanghaiDate(new Date(now)), units: 100 },
];
const returnPlans: PlannedReturn[] = [
  { delivery: 0, kind: 'return', units: 2 },
  { delivery: 1, kind: 'exchange', units: 5, rejected: true },
  { delivery: 1, kind: 'exchange', units: 3 },
];
const returnsMade: { plan: PlannedReturn; id: string; deliveryId: string; createdAt: string }[] = [];

beforeAll(async () => {
  for (const plan of plans) driven.push(await submit(plan, now));
  // Settled: every workflow waits for Quality (nothing else writes to the complaints now).
  await Promise.all(driven.map((c) => taskFor(api, c.id, 'investigation', 'quality')));
  for (const complaint of driven.filter((c) => c.plan.extension)) {
    const newDueAt = new Date(Date.parse(complaint.replyDueAt) + 7 * DAY_MS).toISOString();
    const response = await api.request('POST', `/v1/complaints/${complaint.id}/reply-extension`, {
      token: await api.token('customer-service'),
      body: { agreedBy: '李老师', agreedAt: new Date().toISOString(), channel: 'phone', newDueAt },
    });
    if (response.status !== 200) throw new Error(`extension refused: ${response.text}`);
    complaint.replyDueAt = newDueAt;
  }
  // The SLA job records a breach for every complaint whose reply is overdue and not given.
  const slaRunAt = Date.now();
  const sla = await api.request('POST', '/_local/schedules/complaint-sla');
  if (sla.status !== 200) throw new Error(`SLA job: ${sla.text}`);
  for (const complaint of driven) complaint.breached = Date.parse(complaint.replyDueAt) <= slaRunAt;
  await Promise.all(driven.map(drive));

  const staff = await api.token('customer-service');
  const customer = await aCustomerIn(api, staff, { officeId: 'bj' });
  const stored = [];
  for (const planned of deliveries) {
    const delivery = await aDeliveryOf(
      customer.id,
      { deliveredOn: planned.deliveredOn },
      {
        items: [
          {
            productId: 'kzy-01',
            productName: '学生课桌椅 KZY-01',
            category: 'furniture',
            quantity: planned.units,
          },
        ],
      },
    );
    await aDeliveryOf(customer.id, { deliveredOn: planned.deliveredOn }, delivery); // again: not counted twice
    stored.push(delivery);
  }
  for (const plan of returnPlans) {
    const deliveryId = stored[plan.delivery]?.id ?? '';
    const response = await api.request<{ id: string; createdAt: string }>('POST', '/v1/returns', {
      token: staff,
      body: {
        customerId: customer.id,
        deliveryId,
        kind: plan.kind,
        items: [{ productId: 'kzy-01', quantity: plan.units }],
        reason: '质量问题',
      },
    });
    if (response.status !== 201) throw new Error(`return refused: ${response.text}`);
    returnsMade.push({ plan, id: response.body.id, deliveryId, createdAt: response.body.createdAt });
    if (plan.rejected) {
      const rejected = await api.request('POST', `/v1/returns/${response.body.id}/transitions`, {
        token: staff,
        body: { action: 'reject', reason: '非质量问题' },
      });
      if (rejected.status !== 200) throw new Error(`reject refused: ${rejected.text}`);
    }
  }
}, 300_000);

// ---- the expected figures, worked out from the data set alone -------------------------------------

const monthOfInstant = (instant: string | number) => shanghaiDate(new Date(instant)).slice(0, 7);
const monthOfDay = (day: string) => day.slice(0, 7);
const currentMonth = monthOfInstant(now);

function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key === to) return months;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

const fixed = (value: number, digits: number) => Number(value.toFixed(digits));
const rate = (part: number, whole: number, digits = 4) => (whole === 0 ? null : fixed(part / whole, digits));

/** What the complaint report should say about a set of complaints of the data set. */
function expectedFigures(complaints: Driven[]) {
  const count = (test: (c: Driven) => boolean) => complaints.filter(test).length;
  const final = (c: Driven) => c.plan.investigations.at(-1);
  const replied = complaints.filter((c) => c.repliedAt !== undefined);
  const onTime = count((c) => c.repliedAt !== undefined && c.repliedAt <= Date.parse(c.replyDueAt));
  const closed = complaints.filter((c) => c.archivedAt !== undefined);
  const minutes = closed.map((c) =>
    Math.round((Date.parse(c.archivedAt ?? '') - Date.parse(c.receivedAt)) / 60_000),
  );
  const days = minutes.map((m) => m / 1440);
  const verified = complaints.filter((c) => c.plan.verifications?.at(-1) === 'effective');
  const rounds = verified.reduce((all, c) => all + (c.plan.verifications?.length ?? 0), 0);
  const firstTime = verified.filter((c) => c.plan.verifications?.length === 1).length;
  const minutesTotal = minutes.reduce((a, b) => a + b, 0);
  return {
    received: complaints.length,
    replies: {
      onTime,
      late: replied.length - onTime,
      breaches: count((c) => c.breached),
      extensions: count((c) => c.plan.extension === true),
      onTimeRate: rate(onTime, replied.length),
    },
    responsibility: {
      customer: count((c) => final(c)?.responsibility === 'customer'),
      internal: count((c) => final(c)?.responsibility === 'internal'),
    },
    closing: {
      closed: closed.length,
      averageDays: closed.length === 0 ? null : fixed(minutesTotal / closed.length / 1440, 1),
      within7Days: days.filter((d) => d <= 7).length,
      within30Days: days.filter((d) => d > 7 && d <= 30).length,
      within90Days: days.filter((d) => d > 30 && d <= 90).length,
      over90Days: days.filter((d) => d > 90).length,
    },
    capa: {
      requested: count((c) => c.plan.verifications !== undefined),
      effective: verified.length,
      firstTimeEffective: firstTime,
      firstTimeEffectiveRate: rate(firstTime, verified.length),
      verificationRounds: rounds,
      averageRounds: rate(rounds, verified.length, 2),
      ineffectiveRounds: complaints
        .flatMap((c) => c.plan.verifications ?? [])
        .filter((result) => result === 'ineffective').length,
    },
  };
}

const firstMonth = () => driven.map((c) => monthOfInstant(c.receivedAt)).sort()[0] ?? currentMonth;

function expectedPareto(by: 'cause' | 'category' | 'batch' | 'factory', limit: number) {
  const keyOf = (c: Driven) => {
    const final = c.plan.investigations.at(-1);
    if (by === 'category') return c.plan.category;
    if (by === 'batch') return c.plan.batch;
    return (by === 'cause' ? final?.cause : final?.factory) ?? 'unknown';
  };
  const counts = new Map<string, number>();
  for (const c of driven) counts.set(keyOf(c), (counts.get(keyOf(c)) ?? 0) + 1);
  const sorted = [...counts].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1));
  const total = driven.length;
  let running = 0;
  const items = sorted.slice(0, limit).map(([key, count]) => {
    running += count;
    return { key, count, share: fixed(count / total, 4), cumulativeShare: fixed(running / total, 4) };
  });
  return { by, from: firstMonth(), to: currentMonth, total, items, others: total - running };
}

// ---- the reports ---------------------------------------------------------------------------------

const report = async <T>(path: string) => {
  const response = await api.request<T>('GET', path, { token: await api.token('manager') });
  expect(response.status).toBe(200);
  return response.body;
};

describe('GET /v1/reports/complaints', () => {
  it('gives every figure of the complaints received in each month, and of the period', async () => {
    const from = firstMonth();
    const body = await report<Record<string, unknown>>(
      `/v1/reports/complaints?from=${from}&to=${currentMonth}`,
    );

    expect(body).toEqual({
      from,
      to: currentMonth,
      months: monthsFrom(from, currentMonth).map((month) => ({
        month,
        ...expectedFigures(driven.filter((c) => monthOfInstant(c.receivedAt) === month)),
      })),
      total: expectedFigures(driven),
    });
  });

  it('defaults to the 12 months up to the current one', async () => {
    const body = await report<{ from: string; to: string; months: unknown[] }>('/v1/reports/complaints');

    expect(body.to).toBe(currentMonth);
    expect(body.months).toHaveLength(12);
    expect(body.from).toBe(monthsFrom('2000-01', currentMonth).at(-12));
  });

  it('refuses a period over 36 months with 422 naming `from`', async () => {
    const response = await api.request<{ errors: { field: string }[] }>(
      'GET',
      '/v1/reports/complaints?from=2020-01&to=2023-01',
      { token: await api.token('quality') },
    );

    expect(response.status).toBe(422);
    expect(response.body.errors.map((e) => e.field)).toEqual(['query.from']);
  });

  it('is for head office: offices get 403', async () => {
    const response = await api.request('GET', '/v1/reports/complaints', {
      token: await api.token('office', { office: 'bj' }),
    });
    expect(response.status).toBe(403);
  });
});

describe('GET /v1/reports/complaints/pareto', () => {
  it.each(['cause', 'category', 'batch', 'factory'] as const)(
    'ranks the complaints of the period by %s, with shares and the running share',
    async (by) => {
      const body = await report(`/v1/reports/complaints/pareto?by=${by}&from=${firstMonth()}`);

      expect(body).toEqual(expectedPareto(by, 20));
    },
  );

  it('sums the keys beyond `limit` in others', async () => {
    const body = await report(`/v1/reports/complaints/pareto?by=cause&limit=2&from=${firstMonth()}`);

    expect(body).toEqual(expectedPareto('cause', 2));
  });
});

describe('GET /v1/reports/returns', () => {
  it('compares the units returned by requests not rejected with the units delivered, per month', async () => {
    const from = monthOfDay(deliveries[0]?.deliveredOn ?? '');
    const body = await report(`/v1/reports/returns?from=${from}&to=${currentMonth}`);

    const figures = (delivered: number, counted: typeof returnsMade) => {
      const returnedUnits = counted.reduce((all, r) => all + r.plan.units, 0);
      return {
        deliveredUnits: delivered,
        returns: counted.length,
        returnedUnits,
        returnRate: rate(returnedUnits, delivered),
      };
    };
    const kept = returnsMade.filter((r) => !r.plan.rejected);
    expect(body).toEqual({
      from,
      to: currentMonth,
      months: monthsFrom(from, currentMonth).map((month) => ({
        month,
        ...figures(
          deliveries.filter((d) => monthOfDay(d.deliveredOn) === month).reduce((all, d) => all + d.units, 0),
          kept.filter((r) => monthOfInstant(r.createdAt) === month),
        ),
      })),
      total: figures(
        deliveries.reduce((all, d) => all + d.units, 0),
        kept,
      ),
    });
  });
});

describe('a report request', () => {
  it.each([
    ['/v1/reports/complaints', 'STATS#complaints'],
    ['/v1/reports/complaints/pareto?by=batch', 'STATS#complaints#batch'],
    ['/v1/reports/returns', 'STATS#returns'],
  ])('%s reads only its aggregate items: one Query of %s', async (path, partition) => {
    requestCalls.length = 0;

    await report(path);

    expect(requestCalls.map(({ command, pk }) => [command, pk])).toEqual([['QueryCommand', partition]]);
    expect(requestCalls[0]?.input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
    });
  });
});

describe('the counters', () => {
  it('move a complaint investigated again to its new responsibility, cause and factory: counted once', async () => {
    // Received two years back: a month of its own, outside the data set's period.
    const receivedAgoMs = 730 * DAY_MS;
    const complaint = await submit(
      { name: 'moved', receivedAgoMs, category: 'furniture', batch: batch('M'), investigations: [] },
      Date.now(),
    );
    const month = monthOfInstant(complaint.receivedAt);
    const figures = async () => {
      const [complaints, causes, factories] = await Promise.all([
        report<{ total: { received: number; responsibility: unknown } }>(
          `/v1/reports/complaints?from=${month}&to=${month}`,
        ),
        report<{ items: { key: string; count: number }[] }>(
          `/v1/reports/complaints/pareto?by=cause&from=${month}&to=${month}`,
        ),
        report<{ items: { key: string; count: number }[] }>(
          `/v1/reports/complaints/pareto?by=factory&from=${month}&to=${month}`,
        ),
      ]);
      const keys = (items: { key: string; count: number }[]) => items.map(({ key, count }) => [key, count]);
      return {
        received: complaints.total.received,
        responsibility: complaints.total.responsibility,
        causes: keys(causes.items),
        factories: keys(factories.items),
      };
    };
    const internal = {
      findings: '封边不良',
      handlingOpinion: '更换',
      responsibility: 'internal',
      cause: 'workmanship',
      factory: '三厂（成都）',
      responsibleDepartmentId: 'assembly',
      preliminaryLossCny: 300,
    };

    expect(await figures()).toEqual({
      received: 1,
      responsibility: { customer: 0, internal: 0 },
      causes: [['unknown', 1]],
      factories: [['unknown', 1]],
    });

    await complete(complaint.id, 'investigation', 'quality', internal);
    expect(await figures()).toEqual({
      received: 1,
      responsibility: { customer: 0, internal: 1 },
      causes: [['workmanship', 1]],
      factories: [['三厂（成都）', 1]],
    });

    await complete(complaint.id, 'productionApproval', 'production', { decision: 'reject', reason: '再查' });
    await complete(complaint.id, 'investigation', 'quality', {
      findings: '运输途中受潮',
      handlingOpinion: '说明',
      responsibility: 'customer',
      cause: 'packaging-transport',
    });
    expect(await figures()).toEqual({
      received: 1,
      responsibility: { customer: 1, internal: 0 },
      causes: [['packaging-transport', 1]],
      factories: [['unknown', 1]],
    });
    // The keys it left hold zero, not a negative count.
    const left = await api.item('STATS#complaints#cause', `MONTH#${month}#workmanship`);
    expect(left?.complaints).toBe(0);
  });

  it('give a rejected return back: its request and units leave the month it was submitted in', async () => {
    const rejected = returnsMade.find((r) => r.plan.rejected);
    const kept = returnsMade.filter((r) => r.deliveryId === rejected?.deliveryId && !r.plan.rejected);
    const stats = await api.item('STATS#returns', `MONTH#${monthOfInstant(rejected?.createdAt ?? '')}`);
    const tally = await api.item(`DELIVERY#${rejected?.deliveryId}`, 'RETURNED');

    // The delivery's tally holds only the units of requests not rejected.
    expect(tally?.['units#kzy-01']).toBe(kept.reduce((all, r) => all + r.plan.units, 0));
    const sameMonth = returnsMade.filter(
      (r) => !r.plan.rejected && monthOfInstant(r.createdAt) === monthOfInstant(rejected?.createdAt ?? ''),
    );
    expect([stats?.returns, stats?.returnedUnits]).toEqual([
      sameMonth.length,
      sameMonth.reduce((all, r) => all + r.plan.units, 0),
    ]);
  });
});
