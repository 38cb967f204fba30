import { caseSurveyFor, planCaseSurvey } from '../../shared/app/survey-planning.ts';
import { shanghaiDate, startOfShanghaiDay } from '../../shared/calendar/plain-date.ts';
import { chinaCalendar } from '../../shared/calendar/working-days.ts';
import { csatDueOn } from '../../shared/domain/survey-rules.ts';
import { getCase } from '../../shared/store/cases.ts';
import { aComplaint, anInquiry, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import {
  aCustomerIn,
  aDeliveryOf,
  plannedBy,
  putTestOffices,
  runJob,
  surveyOf,
  type TestCustomer,
} from '../support/survey-jobs.ts';
import { statusOf, type TaskSummary, taskFor } from '../support/workflow.ts';

interface PlanningReport {
  day: string;
  considered: number;
  planned: number;
  alreadyPlanned: number;
  notApplicable: number;
}

let api: TestRuntime;
let staff: string;
/** Every key customer of this file's table: the quarterly check-in goes to each. */
const keyCustomers: TestCustomer[] = [];
beforeAll(async () => {
  // No demo data: every customer and delivery in the table is one of this file's.
  api = await startTestRuntime({ seed: false });
  await putTestOffices();
  staff = await api.token('customer-service');
});
afterAll(async () => api.stop());

const run = (name: string, asOf: string) => runJob<PlanningReport>(api, name, asOf);
const planned = (name: string, asOf: string) => plannedBy(api, () => run(name, asOf));
const sorted = (...occurrences: string[]) => [...occurrences].sort();

describe('loyalty-surveys', () => {
  let key: TestCustomer;
  let regular: TestCustomer;
  let withoutConsent: TestCustomer;
  beforeAll(async () => {
    key = await aCustomerIn(api, staff, { tier: 'key', officeId: 'bj' });
    keyCustomers.push(key);
    regular = await aCustomerIn(api, staff);
    withoutConsent = await aCustomerIn(api, staff, { emailConsent: false });
  });

  it('plans an NPS survey for every customer, key customers for the quarter and others for the year', async () => {
    expect(await planned('loyalty-surveys', '2027-01-05')).toEqual(
      sorted(`nps#${key.id}#2027-Q1`, `nps#${regular.id}#2027`, `nps#${withoutConsent.id}#2027`),
    );
    expect(await surveyOf(api, `nps#${key.id}#2027-Q1`)).toMatchObject({
      kind: 'nps',
      status: 'scheduled',
      customerId: key.id,
      officeId: 'bj',
      tier: 'key',
      period: '2027-Q1',
      language: 'zh-CN',
      contactName: '赵敏',
      contactEmail: key.email,
      // Due on the run's day: its start in Shanghai.
      dueAt: '2027-01-04T16:00:00.000Z',
      postponements: 0,
      version: 1,
      gsi1pk: 'SURVEYS#DUE',
      gsi3pk: `SURVEYS#CUSTOMER#${key.id}`,
    });
    // Consent is checked when it is sent, so that the skip is recorded.
    expect(await surveyOf(api, `nps#${withoutConsent.id}#2027`)).toMatchObject({ status: 'scheduled' });
  });

  it('plans nothing more when run twice or again in the same period', async () => {
    expect(await run('loyalty-surveys', '2027-01-05')).toEqual({
      day: '2027-01-05',
      considered: 3,
      planned: 0,
      alreadyPlanned: 3,
      notApplicable: 0,
    });
    expect(await planned('loyalty-surveys', '2027-03-31')).toEqual([]);
  });

  it('asks key customers again the next quarter and the others the next year', async () => {
    expect(await planned('loyalty-surveys', '2027-04-01')).toEqual([`nps#${key.id}#2027-Q2`]);
    expect(await planned('loyalty-surveys', '2027-12-31')).toEqual([`nps#${key.id}#2027-Q4`]);
    expect(await planned('loyalty-surveys', '2028-01-01')).toEqual(
      sorted(`nps#${key.id}#2028-Q1`, `nps#${regular.id}#2028`, `nps#${withoutConsent.id}#2028`),
    );
  });

  it('leaves out customers that did not exist yet on the run’s day', async () => {
    const report = await run('loyalty-surveys', '2026-01-01');

    expect(report).toMatchObject({ considered: 3, planned: 0, notApplicable: 3 });
    expect(await surveyOf(api, `nps#${regular.id}#2026`)).toBeUndefined();
  });

  it('takes asOf from the body too, and refuses one that is not a day or an instant', async () => {
    const fromBody = await api.request<{ asOf: string; result: PlanningReport }>(
      'POST',
      '/_local/schedules/loyalty-surveys',
      { body: { asOf: '2027-01-06' } },
    );
    const bad = await api.request('POST', '/_local/schedules/loyalty-surveys?asOf=2027-02-30');

    expect(fromBody.status).toBe(200);
    expect(fromBody.body).toMatchObject({ asOf: '2027-01-06', result: { day: '2027-01-06', planned: 0 } });
    expect(bad.status).toBe(422);
  });
});

describe('product-check-ins', () => {
  // The run's day; each delivery sits on one side of a boundary of it.
  const day = '2027-03-10';
  let customer: TestCustomer;
  let key: TestCustomer;
  const deliveries: Record<string, string> = {};
  beforeAll(async () => {
    customer = await aCustomerIn(api, staff, { language: 'en', contactName: 'Li Na' });
    key = await aCustomerIn(api, staff, { tier: 'key' });
    keyCustomers.push(key);
    const add = async (name: string, dates: { deliveredOn: string; acceptedOn?: string }) => {
      deliveries[name] = (await aDeliveryOf(customer.id, dates)).id;
    };
    await add('dueTomorrow', { deliveredOn: '2027-02-01', acceptedOn: '2027-02-11' }); // 1 month: 2027-03-11
    await add('dueToday', { deliveredOn: '2027-02-01', acceptedOn: '2027-02-10' }); // 1 month: 2027-03-10
    await add('lastWindowDay', { deliveredOn: '2027-01-02', acceptedOn: '2027-01-09' }); // 2027-02-09 + 29 days
    await add('pastWindow', { deliveredOn: '2027-01-02', acceptedOn: '2027-01-08' }); // 2027-02-08 + 30 days
    await add('sixMonthsNeverAccepted', { deliveredOn: '2026-09-10' }); // from delivery: 2027-03-10
    await add('twelveMonths', { deliveredOn: '2026-03-01', acceptedOn: '2026-03-10' }); // 2027-03-10
    await add('yearsAgo', { deliveredOn: '2024-01-02', acceptedOn: '2024-01-10' });
  });

  it('plans the 1-, 6- and 12-month check-ins due on the run’s day or within the 30 days before', async () => {
    expect(await planned('product-check-ins', day)).toEqual(
      sorted(
        `checkIn#${deliveries.dueToday}#m1`,
        `checkIn#${deliveries.lastWindowDay}#m1`,
        `checkIn#${deliveries.sixMonthsNeverAccepted}#m6`,
        `checkIn#${deliveries.twelveMonths}#m12`,
      ),
    );
    expect(await surveyOf(api, `checkIn#${deliveries.dueToday}#m1`)).toMatchObject({
      kind: 'checkIn',
      status: 'scheduled',
      customerId: customer.id,
      deliveryId: deliveries.dueToday,
      checkInMonths: 1,
      orderRef: expect.stringMatching(/^HT-TEST-/),
      productNames: ['学生课桌椅 KZY-01'],
      productCategory: 'furniture',
      language: 'en',
      contactName: 'Li Na',
      dueAt: '2027-03-09T16:00:00.000Z',
    });
  });

  it('plans nothing more when run twice', async () => {
    expect(await run('product-check-ins', day)).toMatchObject({ planned: 0, alreadyPlanned: 4 });
  });

  it('plans a check-in on its due day, not the day before', async () => {
    expect(await planned('product-check-ins', '2027-03-11')).toEqual([
      `checkIn#${deliveries.dueTomorrow}#m1`,
    ]);
  });

  it('checks in with every key customer once a quarter, within 30 days of the quarter’s first day', async () => {
    const quarterly = (period: string) => sorted(...keyCustomers.map((c) => `checkIn#${c.id}#${period}`));

    expect(await planned('product-check-ins', '2027-03-31')).toEqual([]);
    expect(await planned('product-check-ins', '2027-04-01')).toEqual(quarterly('2027-Q2'));
    expect(await planned('product-check-ins', '2027-04-02')).toEqual([]);
    expect(await planned('product-check-ins', '2027-10-31')).toEqual([]);
    expect(await planned('product-check-ins', '2027-10-30')).toEqual(quarterly('2027-Q4'));
    expect(await surveyOf(api, `checkIn#${key.id}#2027-Q4`)).toMatchObject({
      kind: 'checkIn',
      tier: 'key',
      period: '2027-Q4',
      dueAt: '2027-10-29T16:00:00.000Z',
    });
    expect((await surveyOf(api, `checkIn#${key.id}#2027-Q4`))?.deliveryId).toBeUndefined();
  });
});

describe('warranty-offers', () => {
  // Offered while the run's day is in [second anniversary - 60 days, second anniversary).
  const day = '2027-06-15';
  let customer: TestCustomer;
  const deliveries: Record<string, string> = {};
  beforeAll(async () => {
    customer = await aCustomerIn(api, staff);
    const add = async (name: string, dates: { deliveredOn: string; acceptedOn?: string }) => {
      deliveries[name] = (await aDeliveryOf(customer.id, dates)).id;
    };
    await add('opensToday', { deliveredOn: '2025-08-01', acceptedOn: '2025-08-14' }); // ends 2027-08-14
    await add('opensTomorrow', { deliveredOn: '2025-08-01', acceptedOn: '2025-08-15' });
    await add('lastFreeDay', { deliveredOn: '2025-06-01', acceptedOn: '2025-06-16' }); // free until 2027-06-15
    await add('endedYesterday', { deliveredOn: '2025-06-01', acceptedOn: '2025-06-15' }); // free until 2027-06-14
    await add('neverAccepted', { deliveredOn: '2025-07-01' }); // free until 2027-06-30
    await add('acceptedLate', { deliveredOn: '2025-05-01', acceptedOn: '2025-07-20' }); // counts from acceptance
  });

  it('offers the free inspection for each delivery whose warranty ends within 60 days', async () => {
    expect(await planned('warranty-offers', day)).toEqual(
      sorted(
        `warrantyInspection#${deliveries.opensToday}`,
        `warrantyInspection#${deliveries.lastFreeDay}`,
        `warrantyInspection#${deliveries.neverAccepted}`,
        `warrantyInspection#${deliveries.acceptedLate}`,
      ),
    );
    expect(await surveyOf(api, `warrantyInspection#${deliveries.lastFreeDay}`)).toMatchObject({
      kind: 'warrantyInspection',
      status: 'scheduled',
      deliveryId: deliveries.lastFreeDay,
      freeRepairEndsOn: '2027-06-15',
      dueAt: '2027-06-14T16:00:00.000Z',
    });
    expect(await surveyOf(api, `warrantyInspection#${deliveries.neverAccepted}`)).toMatchObject({
      freeRepairEndsOn: '2027-06-30',
    });
  });

  it('plans nothing more when run twice, and a delivery the day its offer opens', async () => {
    expect(await run('warranty-offers', day)).toMatchObject({ planned: 0, alreadyPlanned: 4 });
    expect(await planned('warranty-offers', '2027-06-16')).toEqual([
      `warrantyInspection#${deliveries.opensTomorrow}`,
    ]);
  });
});

describe('the satisfaction survey of a case', () => {
  it('is planned a working day after a service request or inquiry closes, once', async () => {
    const customer = await aCustomerIn(api, staff);
    const response = await api.request<{ id: string; reference: string }>('POST', '/v1/inquiries', {
      body: anInquiry({ submitter: aSubmitter({ email: customer.email }) }),
    });
    const record = await getCase(response.body.id);
    if (!record) throw new Error('inquiry not stored');

    // Friday 27 November 2026, 15:00 in Shanghai: due on Monday.
    const closedAt = new Date('2026-11-27T07:00:00.000Z');
    const first = await planCaseSurvey(record, closedAt);
    const second = await planCaseSurvey(record, closedAt);

    expect(first?.planned).toBe(true);
    expect(second?.planned).toBe(false);
    expect(await surveyOf(api, `csat#${record.id}`)).toMatchObject({
      kind: 'csat',
      status: 'scheduled',
      customerId: customer.id,
      caseId: record.id,
      caseReference: response.body.reference,
      contactEmail: customer.email,
      closedAt: closedAt.toISOString(),
      dueAt: '2026-11-29T16:00:00.000Z',
    });
  });

  it('is not planned for a case without a customer (no consent on record)', async () => {
    const response = await api.request<{ id: string }>('POST', '/v1/inquiries', {
      body: anInquiry({ submitter: aSubmitter({ email: uniqueEmail('walk-in') }) }),
    });
    const record = await getCase(response.body.id);
    if (!record) throw new Error('inquiry not stored');

    expect(await planCaseSurvey(record, new Date())).toBeUndefined();
    expect(await caseSurveyFor(record, new Date())).toBeUndefined();
    expect(await surveyOf(api, `csat#${record.id}`)).toBeUndefined();
  });

  it('is planned with the archive of a complaint, due the next working day', async () => {
    const customer = await aCustomerIn(api, staff);
    const submitted = await api.request<{ id: string }>('POST', '/v1/complaints', {
      body: aComplaint({
        submitter: aSubmitter({ email: customer.email }),
        batch: `B-${customer.id.slice(-6)}`,
      }),
    });
    const id = submitted.body.id;
    const complete = async (task: TaskSummary, role: string, body: Record<string, unknown>) => {
      const response = await api.request('POST', `/v1/tasks/${task.taskId}`, {
        token: await api.token(role),
        body: { step: task.step, ...body },
      });
      if (response.status !== 200) throw new Error(`${task.step}: ${response.status} ${response.text}`);
    };
    await complete(await taskFor(api, id, 'investigation', 'quality'), 'quality', {
      findings: '学生站在桌面上导致开裂',
      cause: 'usage',
      responsibility: 'customer',
      handlingOpinion: '收费维修，并提供使用说明',
    });
    await complete(await taskFor(api, id, 'productionApproval', 'production'), 'production', {
      decision: 'approve',
    });
    await complete(await taskFor(api, id, 'customerReply', 'customer-service'), 'customer-service', {
      reply: '经调查，损坏系使用不当所致。我们可提供收费维修。',
      channel: 'email',
    });
    const archived = await statusOf(api, id, 'ARCHIVED');

    const survey = await surveyOf(api, `csat#${id}`);
    expect(survey).toMatchObject({
      kind: 'csat',
      status: 'scheduled',
      customerId: customer.id,
      caseId: id,
      contactEmail: customer.email,
      productCategory: 'furniture',
      createdAt: archived.archivedAt,
      closedAt: archived.archivedAt,
    });
    // The next working day after the archive, from its start in Shanghai.
    const dueOn = csatDueOn(new Date(String(archived.archivedAt)), chinaCalendar());
    expect(survey?.dueAt).toBe(startOfShanghaiDay(dueOn).toISOString());
    expect(dueOn > shanghaiDate(new Date(String(archived.archivedAt)))).toBe(true);
  });
});
