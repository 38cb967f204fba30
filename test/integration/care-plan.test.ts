import { randomUUID } from 'node:crypto';
import type { SurveyRecord } from '../../shared/schemas/surveys.ts';
import { plannedSurveyItem } from '../../shared/store/surveys.ts';
import { followUpTaskIdFor, newFollowUpTaskItems } from '../../shared/store/tasks.ts';
import { writeAll } from '../../shared/store/transactions.ts';
import { aComplaint, aCustomer, aServiceRequest, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

interface Contact {
  id: string;
  customerId: string;
  kind: string;
  at: string;
  by: { kind: string; sub?: string; roles?: string[] };
  summary: string;
  needs?: string;
  followUpOn?: string;
}
interface Page<T> {
  items: T[];
  nextCursor?: string;
}
interface Problem {
  status: number;
  errors?: { field: string; code: string }[];
}
interface Customer {
  id: string;
  version: number;
  accountManager?: Record<string, unknown>;
  contactPlan?: Record<string, unknown>;
}
interface Care {
  customerId: string;
  asOf: string;
  accountManager?: Record<string, unknown>;
  contactPlan?: Record<string, unknown>;
  plan: {
    status: string;
    visits?: Record<string, unknown>;
    calls?: Record<string, unknown>;
    nextContact?: Record<string, unknown>;
  };
  lastContacts: Contact[];
  pendingFollowUps: { contactId?: string; on: string; overdue: boolean }[];
  openCases: { id: string; kind: string; reference: string }[];
  openFollowUpTasks: { taskId: string; surveyId: string; score?: number }[];
  latestAnswers: { csat?: { surveyId: string; score: number }; nps?: { surveyId: string; score: number } };
}

const DAY_MS = 86_400_000;
/** Today in Asia/Shanghai (UTC+8 all year), worked out here without the code under test. */
const shanghaiDay = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * DAY_MS).toISOString().slice(0, 10);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

let api: TestRuntime;
let staff: string;
let bjOffice: string;
beforeAll(async () => {
  api = await startTestRuntime();
  staff = await api.token('customer-service', { sub: 'cs-wang' });
  bjOffice = await api.token('office', { office: 'bj' });
});
afterAll(async () => api.stop());

async function aKeyCustomer(overrides: Record<string, unknown> = {}): Promise<Customer & { email: string }> {
  const email = uniqueEmail('key');
  const response = await api.request<Customer>('POST', '/v1/customers', {
    token: staff,
    body: aCustomer({
      organization: `重点客户 ${randomUUID().slice(0, 6)}`,
      officeId: 'bj',
      tier: 'key',
      contacts: [{ name: '赵敏', email, primary: true }],
      ...overrides,
    }),
  });
  if (response.status !== 201) throw new Error(`could not create: ${response.text}`);
  return { ...response.body, email };
}

const logContact = (
  customerId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) =>
  api.request<Contact & Problem>('POST', `/v1/customers/${customerId}/contacts`, {
    token: staff,
    body,
    headers,
  });

const aContact = (overrides: Record<string, unknown> = {}) => ({
  kind: 'visit',
  at: minutesAgo(30),
  summary: '上门回访，检查课桌椅使用情况。',
  ...overrides,
});

const contactItems = async (customerId: string) =>
  (await api.partition(`CUSTOMER#${customerId}`)).filter((item) => String(item.sk).startsWith('CONTACT#'));

describe('POST /v1/customers/{id}/contacts', () => {
  it('logs a contact under the customer, with who logged it from the token', async () => {
    const customer = await aKeyCustomer();
    const at = '2026-11-20T10:00:00+08:00';

    const response = await logContact(
      customer.id,
      aContact({ at, needs: '新校区需要课桌椅', opportunities: '明年增购 300 套', followUpOn: '2026-12-01' }),
    );

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      customerId: customer.id,
      kind: 'visit',
      at: '2026-11-20T02:00:00.000Z',
      by: { kind: 'staff', sub: 'cs-wang', roles: ['customer-service'] },
      needs: '新校区需要课桌椅',
      followUpOn: '2026-12-01',
    });
    const [item, ...more] = await contactItems(customer.id);
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      sk: `CONTACT#2026-11-20T02:00:00.000Z#${response.body.id}`,
      ...response.body,
    });
  });

  it('stores one entry for a retry with the same Idempotency-Key and answers it with the first response', async () => {
    const customer = await aKeyCustomer();
    const headers = { 'idempotency-key': randomUUID() };
    const body = aContact();

    const first = await logContact(customer.id, body, headers);
    const retry = await logContact(customer.id, body, headers);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    expect(await contactItems(customer.id)).toHaveLength(1);
  });

  it('refuses an unknown kind and a missing summary, naming both fields, and stores nothing', async () => {
    const customer = await aKeyCustomer();

    const response = await logContact(customer.id, { kind: 'fax', at: minutesAgo(5) });

    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.field).sort()).toEqual(['kind', 'summary']);
    expect(await contactItems(customer.id)).toEqual([]);
  });

  it('refuses a contact in the future and a follow-up before the contact', async () => {
    const customer = await aKeyCustomer();

    const response = await logContact(
      customer.id,
      aContact({ at: new Date(Date.now() + DAY_MS).toISOString(), followUpOn: '2020-01-01' }),
    );

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'at', code: 'in_future' }),
      expect.objectContaining({ field: 'followUpOn', code: 'before_contact' }),
    ]);
    expect(await contactItems(customer.id)).toEqual([]);
  });

  it("answers 404 to an office user for another office's customer, and stores nothing", async () => {
    const before = await api.partition('CUSTOMER#gz-tianhe-primary');

    const response = await api.request<Problem>('POST', '/v1/customers/gz-tianhe-primary/contacts', {
      token: bjOffice,
      body: aContact(),
    });

    expect(response.status).toBe(404);
    expect(await api.partition('CUSTOMER#gz-tianhe-primary')).toEqual(before);
  });

  it('lets an office user log a contact with a customer of their own office', async () => {
    const customer = await aKeyCustomer();

    const response = await api.request<Contact>('POST', `/v1/customers/${customer.id}/contacts`, {
      token: bjOffice,
      body: aContact({ kind: 'call' }),
    });

    expect(response.status).toBe(201);
    expect(response.body.by).toMatchObject({ kind: 'staff', roles: ['office'] });
  });

  it('answers 404 for a customer that does not exist, and stores nothing', async () => {
    const response = await logContact('no-such-customer', aContact());

    expect(response.status).toBe(404);
    expect(await api.partition('CUSTOMER#no-such-customer')).toEqual([]);
  });
});

describe('GET /v1/customers/{id}/contacts', () => {
  it('lists the contacts newest first, a page at a time', async () => {
    const customer = await aKeyCustomer();
    const oldest = await logContact(customer.id, aContact({ at: minutesAgo(3 * 24 * 60) }));
    const newest = await logContact(customer.id, aContact({ kind: 'call', at: minutesAgo(60) }));
    const middle = await logContact(customer.id, aContact({ kind: 'email', at: minutesAgo(2 * 24 * 60) }));
    const path = `/v1/customers/${customer.id}/contacts`;

    const first = await api.request<Page<Contact>>('GET', `${path}?limit=2`, { token: staff });
    const second = await api.request<Page<Contact>>(
      'GET',
      `${path}?limit=2&cursor=${first.body.nextCursor}`,
      { token: staff },
    );

    expect(first.status).toBe(200);
    expect(first.body.items.map((c) => c.id)).toEqual([newest.body.id, middle.body.id]);
    expect(second.body.items.map((c) => c.id)).toEqual([oldest.body.id]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it("answers 404 to an office user for another office's customer", async () => {
    const response = await api.request('GET', '/v1/customers/gz-tianhe-primary/contacts', {
      token: bjOffice,
    });

    expect(response.status).toBe(404);
  });

  it('shows the contacts the demo seed logged with the Beijing key account', async () => {
    const response = await api.request<Page<Contact>>('GET', '/v1/customers/bj-no1-school/contacts', {
      token: staff,
    });

    expect(response.body.items.map((c) => c.kind)).toEqual(['call', 'visit', 'meeting', 'visit']);
  });
});

describe("a key account's manager and contact plan", () => {
  const manager = { name: '王磊', email: 'wang.lei@aftersales.local', sub: 'cs-wang' };
  const plan = { visitsPerYear: 4, callsPerQuarter: 2, nextContactOn: '2026-12-15' };

  it('are stored with the customer and the change is audited with old and new values', async () => {
    const customer = await aKeyCustomer({ accountManager: manager, contactPlan: plan });
    expect(customer).toMatchObject({ accountManager: manager, contactPlan: plan });
    const changed = { ...plan, callsPerQuarter: 3 };

    const response = await api.request<Customer>('PATCH', `/v1/customers/${customer.id}`, {
      token: staff,
      body: { contactPlan: changed },
    });

    expect(response.status).toBe(200);
    expect(await api.item(`CUSTOMER#${customer.id}`, 'PROFILE')).toMatchObject({
      contactPlan: changed,
      accountManager: manager,
      version: 2,
    });
    const view = await api.request<{ timeline: { type: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/v1/customers/${customer.id}`,
      { token: staff },
    );
    expect(view.body.timeline[0]?.data).toMatchObject({ accountManager: manager, contactPlan: plan });
    expect(view.body.timeline[1]).toMatchObject({
      type: 'customer.updated',
      data: { changes: { contactPlan: { from: plan, to: changed } } },
    });
  });

  it('are removed with null, audited as a change to null', async () => {
    const customer = await aKeyCustomer({ accountManager: manager, contactPlan: plan });

    const response = await api.request<Customer>('PATCH', `/v1/customers/${customer.id}`, {
      token: staff,
      body: { accountManager: null },
    });

    expect(response.status).toBe(200);
    expect(response.body.accountManager).toBeUndefined();
    const profile = await api.item(`CUSTOMER#${customer.id}`, 'PROFILE');
    expect(profile).not.toHaveProperty('accountManager');
    expect(profile).toMatchObject({ contactPlan: plan });
    const events = (await api.partition(`CUSTOMER#${customer.id}`)).filter((i) => i.entityType === 'event');
    expect(events[1]).toMatchObject({ data: { changes: { accountManager: { from: manager, to: null } } } });
  });

  it('writes nothing when null removes what is not there', async () => {
    const customer = await aKeyCustomer();

    const response = await api.request<Customer>('PATCH', `/v1/customers/${customer.id}`, {
      token: staff,
      body: { contactPlan: null },
    });

    expect(response.status).toBe(200);
    expect(response.body.version).toBe(1);
  });

  it('refuses a negative number of visits and an account manager without email, naming the fields', async () => {
    const customer = await aKeyCustomer();

    const response = await api.request<Problem>('PATCH', `/v1/customers/${customer.id}`, {
      token: staff,
      body: { contactPlan: { visitsPerYear: -1 }, accountManager: { name: '王磊' } },
    });

    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.field).sort()).toEqual([
      'accountManager.email',
      'contactPlan.visitsPerYear',
    ]);
  });
});

/** A survey of `customerId` stored the way the survey store keys it (with its customer index entry). */
async function storeSurveyOf(customerId: string, overrides: Partial<SurveyRecord>): Promise<SurveyRecord> {
  const id = randomUUID().replaceAll('-', '').slice(0, 22);
  const record = {
    id,
    kind: 'csat',
    occurrence: `test#${id}`,
    customerId,
    organization: '测试客户',
    officeId: 'bj',
    tier: 'key',
    language: 'zh-CN',
    status: 'sent',
    createdAt: new Date(Date.now() - 10 * DAY_MS).toISOString(),
    dueAt: new Date(Date.now() - 9 * DAY_MS).toISOString(),
    postponements: 0,
    version: 1,
    ...overrides,
  } as SurveyRecord;
  await writeAll([plannedSurveyItem(record)]);
  return record;
}

describe('GET /v1/customers/{id}/care', () => {
  it('shows the manager, the plan on track, recent contacts, open cases, follow-up tasks and latest answers', async () => {
    const today = shanghaiDay();
    const customer = await aKeyCustomer({
      accountManager: { name: '王磊', email: 'wang.lei@aftersales.local' },
      contactPlan: { visitsPerYear: 1, callsPerQuarter: 1, nextContactOn: shanghaiDay(10) },
    });
    const visit = await logContact(customer.id, aContact({ at: minutesAgo(2) }));
    const call = await logContact(
      customer.id,
      aContact({ kind: 'call', at: minutesAgo(1), followUpOn: shanghaiDay(3) }),
    );
    const submitter = aSubmitter({ email: customer.email });
    const complaint = await api.request<{ id: string }>('POST', '/v1/complaints', {
      body: aComplaint({ submitter }),
    });
    const repair = await api.request<{ id: string }>('POST', '/v1/service-requests', {
      body: aServiceRequest({ submitter }),
    });
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();
    await storeSurveyOf(customer.id, {
      kind: 'csat',
      status: 'answered',
      answeredAt: at(20),
      answer: { score: 5 },
    });
    const latestCsat = await storeSurveyOf(customer.id, {
      kind: 'csat',
      status: 'answered',
      answeredAt: at(2),
      answer: { score: 2, comment: '维修太慢' },
      followUpTaskId: followUpTaskIdFor('care-test'),
    });
    const nps = await storeSurveyOf(customer.id, {
      kind: 'nps',
      status: 'answered',
      answeredAt: at(5),
      answer: { score: 9 },
    });
    await writeAll(
      newFollowUpTaskItems({
        taskId: followUpTaskIdFor('care-test'),
        kind: 'surveyFollowUp',
        step: 'surveyFollowUp',
        surveyId: latestCsat.id,
        surveyKind: 'csat',
        score: 2,
        customerId: customer.id,
        organization: '测试客户',
        roles: ['customer-service'],
        status: 'open',
        createdAt: at(2),
        dueAt: at(1),
        escalations: 0,
        version: 1,
      }),
    );

    const response = await api.request<Care>('GET', `/v1/customers/${customer.id}/care`, { token: staff });

    expect(response.status).toBe(200);
    const care = response.body;
    const year = today.slice(0, 4);
    const quarter = `${year}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    expect(care).toMatchObject({
      customerId: customer.id,
      asOf: today,
      accountManager: { name: '王磊' },
      plan: {
        status: 'onTrack',
        visits: { period: year, planned: 1, done: 1, onTrack: true },
        calls: { period: quarter, planned: 1, done: 1, onTrack: true },
        nextContact: { on: shanghaiDay(10), overdue: false },
      },
    });
    expect(care.lastContacts.map((c) => c.id)).toEqual([call.body.id, visit.body.id]);
    expect(care.pendingFollowUps).toEqual([{ contactId: call.body.id, on: shanghaiDay(3), overdue: false }]);
    expect(care.openCases.map((c) => [c.kind, c.id]).sort()).toEqual(
      [
        ['complaint', complaint.body.id],
        ['serviceRequest', repair.body.id],
      ].sort(),
    );
    expect(care.openFollowUpTasks).toEqual([
      expect.objectContaining({ taskId: followUpTaskIdFor('care-test'), surveyId: latestCsat.id, score: 2 }),
    ]);
    expect(care.latestAnswers).toEqual({
      csat: expect.objectContaining({ surveyId: latestCsat.id, score: 2, comment: '维修太慢' }),
      nps: expect.objectContaining({ surveyId: nps.id, score: 9 }),
    });
  });

  it('says the plan is behind when the planned contact has passed without one', async () => {
    const customer = await aKeyCustomer({ contactPlan: { nextContactOn: shanghaiDay(-3) } });

    const response = await api.request<Care>('GET', `/v1/customers/${customer.id}/care`, { token: staff });

    expect(response.body.plan).toEqual({
      status: 'behind',
      nextContact: { on: shanghaiDay(-3), overdue: true, daysOverdue: 3 },
    });
  });

  it('says so when a customer has no plan, and lists nothing open', async () => {
    const customer = await aKeyCustomer();

    const response = await api.request<Care>('GET', `/v1/customers/${customer.id}/care`, { token: staff });

    expect(response.body).toMatchObject({
      plan: { status: 'noPlan' },
      lastContacts: [],
      pendingFollowUps: [],
      openCases: [],
      openFollowUpTasks: [],
      latestAnswers: {},
    });
    expect(response.body.accountManager).toBeUndefined();
  });

  it("shows the demo's Beijing key account with its account manager and seeded contacts", async () => {
    const response = await api.request<Care>('GET', '/v1/customers/bj-no1-school/care', { token: bjOffice });

    expect(response.status).toBe(200);
    expect(response.body.accountManager).toMatchObject({ name: '王磊' });
    expect(response.body.lastContacts).toHaveLength(4);
  });

  it("answers 404 to an office user for another office's customer", async () => {
    const response = await api.request('GET', '/v1/customers/sh-education-bureau/care', { token: bjOffice });

    expect(response.status).toBe(404);
  });
});

describe('GET /v1/customers/{id}/surveys', () => {
  it("lists the customer's surveys with their answers, newest first, and no one else's", async () => {
    const customer = await aKeyCustomer();
    const other = await aKeyCustomer();
    const created = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();
    const oldest = await storeSurveyOf(customer.id, { kind: 'nps', createdAt: created(30) });
    const answered = await storeSurveyOf(customer.id, {
      kind: 'csat',
      createdAt: created(10),
      status: 'answered',
      answeredAt: created(9),
      answer: { score: 4, comment: '满意' },
      caseId: 'case-1',
      caseReference: 'WX-20261117-0001',
    });
    const newest = await storeSurveyOf(customer.id, { kind: 'checkIn', createdAt: created(1) });
    await storeSurveyOf(other.id, { createdAt: created(5) });
    const path = `/v1/customers/${customer.id}/surveys`;

    const first = await api.request<Page<SurveyRecord>>('GET', `${path}?limit=2`, { token: staff });
    const second = await api.request<Page<SurveyRecord>>('GET', `${path}?cursor=${first.body.nextCursor}`, {
      token: staff,
    });

    expect(first.status).toBe(200);
    expect(first.body.items.map((s) => s.id)).toEqual([newest.id, answered.id]);
    expect(first.body.items[1]).toMatchObject({
      status: 'answered',
      answer: { score: 4, comment: '满意' },
      caseReference: 'WX-20261117-0001',
    });
    expect(second.body.items.map((s) => s.id)).toEqual([oldest.id]);
  });

  it("answers 404 to an office user for another office's customer", async () => {
    const response = await api.request('GET', '/v1/customers/gz-tianhe-primary/surveys', { token: bjOffice });

    expect(response.status).toBe(404);
  });
});
