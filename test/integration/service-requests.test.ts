import { caseKey } from '../../shared/store/cases.ts';
import { surveyIdFor } from '../../shared/store/surveys.ts';
import { aSubmitter, uniqueEmail } from '../support/builders.ts';
import { type ApiResponse, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import {
  act,
  aServiceRequestAt,
  BJ_EMAIL,
  CHARGEABLE_ORDER,
  FREE_ORDER,
  submitServiceRequest,
  today,
} from '../support/service-requests.ts';
import { everything, storedSurvey } from '../support/surveys.ts';

interface ServiceView {
  id: string;
  status: string;
  version: number;
  reference: string;
  officeId?: string;
  allowedActions: string[];
  service: Record<string, Record<string, unknown>>;
  timeline: { type: string; data: Record<string, unknown> }[];
}

let api: TestRuntime;
let cs: string;
beforeAll(async () => {
  api = await startTestRuntime();
  cs = await api.token('customer-service');
});
afterAll(async () => api.stop());

const view = (response: ApiResponse) => response.body as unknown as ServiceView;

const expectOk = (response: ApiResponse, status: string) => {
  expect({ status: response.status, text: response.status === 200 ? '' : response.text }).toEqual({
    status: 200,
    text: '',
  });
  expect(view(response).status).toBe(status);
  return view(response);
};

const expectProblem = (response: ApiResponse, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
};

describe('a free repair', () => {
  it('goes from the web form to CLOSED with the parts used, each step audited', async () => {
    const id = await submitServiceRequest(api, {
      submitter: aSubmitter({ email: BJ_EMAIL }),
      orderRef: FREE_ORDER,
    });

    expectOk(await act(api, id, 'triage', { token: cs }), 'TRIAGED');
    expectOk(await act(api, id, 'assign', { token: cs }), 'ASSIGNED');
    expectOk(await act(api, id, 'schedule-visit', { token: cs }), 'VISIT_SCHEDULED');
    const visited = expectOk(await act(api, id, 'visit-report', { token: cs }), 'VISITED');
    expectOk(await act(api, id, 'complete', { token: cs }), 'COMPLETED');
    const closed = expectOk(await act(api, id, 'close', { token: cs }), 'CLOSED');

    expect(visited.service.visitReport).toMatchObject({
      visitedOn: today(),
      partsUsed: [{ partNumber: 'QYB-120', name: '气压棒', quantity: 2 }],
      photos: ['https://photos.example.cn/sr/after-1.jpg'],
      customerSignOff: '李老师',
    });
    expect(closed.service.closure).toMatchObject({ outcome: 'completed' });
    expect(closed.allowedActions).toEqual([]);
    expect(closed.timeline.map((event) => event.type)).toEqual([
      'received',
      'service.triage',
      'service.assign',
      'service.scheduleVisit',
      'service.reportVisit',
      'service.complete',
      'service.close',
    ]);
    const stored = await api.item(caseKey(id), 'CASE');
    expect(stored).toMatchObject({ status: 'CLOSED', version: 7, gsi2pk: 'CASES#serviceRequest#CLOSED' });
  });

  it('answers with the new version as ETag and refuses to quote it (409, warranty)', async () => {
    const id = await aServiceRequestAt(api, 'RECEIVED', cs);

    const quoted = await act(api, id, 'quote', { token: cs });

    expectProblem(quoted, 409);
    expect(quoted.body).toMatchObject({ type: '/v1/docs#problem-service-warranty' });
    const triaged = await act(api, id, 'triage', { token: cs, ifMatch: '"1"' });
    expect(triaged.headers.get('etag')).toBe('"2"');
  });

  it('can be rescheduled, with a new confirmation each time', async () => {
    const email = uniqueEmail('reschedule');
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs, { submitter: aSubmitter({ email }) });

    const moved = await act(api, id, 'schedule-visit', {
      token: cs,
      body: { date: today(), window: { from: '09:00', to: '11:30' } },
    });

    expect(expectOk(moved, 'VISIT_SCHEDULED').service.visit).toMatchObject({ schedules: 2 });
    const mails = await api.emailsTo(email);
    const subjects = mails.map((mail) => mail.subject);
    expect(subjects.filter((s) => s.includes('上门服务时间确认'))).toHaveLength(1);
    expect(subjects.filter((s) => s.includes('上门服务时间已变更'))).toHaveLength(1);
  });
});

describe('chargeable maintenance', () => {
  it('is quoted, accepted, visited and closed', async () => {
    const id = await submitServiceRequest(api, {
      submitter: aSubmitter({ email: BJ_EMAIL }),
      orderRef: CHARGEABLE_ORDER,
    });

    expectProblem(await act(api, id, 'triage', { token: cs }), 409);
    const quoted = expectOk(await act(api, id, 'quote', { token: cs }), 'QUOTED');
    expectOk(await act(api, id, 'quote-decision', { token: cs }), 'QUOTE_ACCEPTED');
    for (const step of ['assign', 'schedule-visit', 'visit-report', 'complete'] as const) {
      expect((await act(api, id, step, { token: cs })).status).toBe(200);
    }
    const closed = expectOk(await act(api, id, 'close', { token: cs }), 'CLOSED');

    expect(quoted.service.quote).toMatchObject({ amount: 350, currency: 'CNY', revision: 1 });
    expect(closed.service.quoteDecision).toMatchObject({ decision: 'accepted' });
    expect(closed.service.closure).toMatchObject({ outcome: 'completed' });
  });

  it('is closed without a visit when the quote is declined', async () => {
    const id = await aServiceRequestAt(api, 'QUOTED', cs);

    const declined = await act(api, id, 'quote-decision', { token: cs, body: { decision: 'declined' } });
    expectOk(declined, 'QUOTE_DECLINED');
    expect(view(declined).allowedActions).toEqual(['close']);
    expectProblem(await act(api, id, 'assign', { token: cs }), 409);
    const closed = expectOk(await act(api, id, 'close', { token: cs }), 'CLOSED');

    expect(closed.service.closure).toMatchObject({ outcome: 'quoteDeclined' });
  });

  it('refuses a quote whose lines do not add up (422)', async () => {
    const id = await aServiceRequestAt(api, 'RECEIVED', cs, { orderRef: CHARGEABLE_ORDER });

    const response = await act(api, id, 'quote', {
      token: cs,
      body: { amount: 300, lines: [{ description: '上门服务费', amount: 100 }] },
    });

    expectProblem(response, 422);
    expect(response.text).toContain('amount');
  });
});

describe('a refused action', () => {
  it('is 409 for an illegal transition, and nothing changes', async () => {
    const id = await aServiceRequestAt(api, 'TRIAGED', cs);
    const before = await everything(api);

    const response = await act(api, id, 'visit-report', { token: cs });

    expectProblem(response, 409);
    expect(response.body).toMatchObject({ type: '/v1/docs#problem-service-transition' });
    expect(String((response.body as { title: string }).title)).toContain('TRIAGED');
    expect(await everything(api)).toEqual(before);
  });

  it('is 412 for a stale If-Match, and nothing changes', async () => {
    const id = await aServiceRequestAt(api, 'TRIAGED', cs);
    const before = await everything(api);

    const response = await act(api, id, 'assign', { token: cs, ifMatch: '"1"' });

    expectProblem(response, 412);
    expect(await everything(api)).toEqual(before);
  });

  it('is 404 for an office user of another office, and nothing changes', async () => {
    const id = await aServiceRequestAt(api, 'RECEIVED', cs);
    const gz = await api.token('office', { office: 'gz' });
    const before = await everything(api);

    const response = await act(api, id, 'triage', { token: gz });

    expectProblem(response, 404);
    expect(await everything(api)).toEqual(before);
  });

  it('is 404 for a case of another kind', async () => {
    const complaint = await api.request<{ id: string }>('POST', '/v1/inquiries', {
      body: { submitter: aSubmitter(), kind: 'inquiry', topic: '课桌', message: '请问保修多久？' },
    });

    expectProblem(await act(api, complaint.body.id, 'triage', { token: cs }), 404);
  });

  it('is 422 for a visit booked in the past', async () => {
    const id = await aServiceRequestAt(api, 'ASSIGNED', cs);

    const response = await act(api, id, 'schedule-visit', {
      token: cs,
      body: { date: '2020-01-06', window: { from: '09:00', to: '12:00' } },
    });

    expectProblem(response, 422);
  });
});

describe('an office user of the right office', () => {
  it('moves their own office request along and may assign it to their office', async () => {
    const bj = await api.token('office', { office: 'bj' });
    const id = await aServiceRequestAt(api, 'TRIAGED', cs);

    const assigned = expectOk(
      await act(api, id, 'assign', { token: bj, body: { officeId: 'bj' } }),
      'ASSIGNED',
    );

    expect(assigned.service.assignment).toMatchObject({ officeId: 'bj' });
    expectProblem(await act(api, id, 'assign', { token: bj, body: { officeId: 'gz' } }), 403);
  });
});

describe('the visit confirmation', () => {
  it('tells the customer when, where and who, in Chinese, with their text escaped', async () => {
    const email = uniqueEmail('visit');
    const id = await aServiceRequestAt(api, 'ASSIGNED', cs, {
      submitter: aSubmitter({ email, contactName: '李老师' }),
      siteAddress: '北京市东城区示例路 1 号 <b>教学楼</b>',
    });

    await act(api, id, 'schedule-visit', {
      token: cs,
      body: { date: today(), window: { from: '14:00', to: '17:00' }, note: '请安排人员开门' },
    });

    const [mail] = await api.emailsTo(email).then((all) => all.filter((m) => m.subject.includes('上门')));
    const reference = String((await api.item(caseKey(id), 'CASE'))?.reference);
    expect(mail?.subject).toBe(`【售后服务】上门服务时间确认（编号 ${reference}）`);
    expect(mail?.body.text).toContain(`${today()}`);
    expect(mail?.body.text).toContain('14:00–17:00');
    expect(mail?.body.text).toContain('服务人员：刘师傅');
    expect(mail?.body.text).toContain('北京市东城区示例路 1 号 <b>教学楼</b>');
    expect(mail?.body.text).toContain('保修判定：');
    expect(mail?.body.text).toContain('备注：请安排人员开门');
    expect(mail?.body.html).toContain('&lt;b&gt;教学楼&lt;/b&gt;');
    expect(mail?.body.html).not.toContain('<b>教学楼');
  });

  it('is in English when the customer chose English, with the accepted quote', async () => {
    const email = uniqueEmail('visit-en');
    const id = await aServiceRequestAt(api, 'QUOTE_ACCEPTED', cs, {
      submitter: aSubmitter({ email, contactName: 'Ms Li', language: 'en' }),
    });
    await act(api, id, 'assign', { token: cs, body: { officeId: 'bj' } });

    await act(api, id, 'schedule-visit', { token: cs });

    const [mail] = await api.emailsTo(email).then((all) => all.filter((m) => m.subject.includes('visit')));
    expect(mail?.subject).toMatch(/^\[After-sales\] Your service visit is booked \(ref\. /);
    expect(mail?.body.text).toContain('Dear Ms Li,');
    expect(mail?.body.text).toContain('14:00–17:00 (Beijing time)');
    expect(mail?.body.text).toContain('Regional office: 北京办事处');
    expect(mail?.body.text).toContain('Quote accepted: CNY 350.00');
  });
});

describe('closing', () => {
  it('plans the satisfaction survey of the customer', async () => {
    const id = await aServiceRequestAt(api, 'COMPLETED', cs);

    await act(api, id, 'close', { token: cs });

    const survey = await storedSurvey(api, surveyIdFor(`csat#${id}`));
    expect(survey).toMatchObject({
      kind: 'csat',
      status: 'scheduled',
      caseId: id,
      customerId: 'bj-no1-school',
      contactEmail: BJ_EMAIL,
    });
  });

  it('plans no survey for a cancelled request, which is closed with its reason', async () => {
    const id = await aServiceRequestAt(api, 'ASSIGNED', cs);

    const cancelled = expectOk(await act(api, id, 'cancel', { token: cs }), 'CLOSED');

    expect(cancelled.service.closure).toMatchObject({ outcome: 'cancelled', reason: '客户自行修好了' });
    expect(await storedSurvey(api, surveyIdFor(`csat#${id}`))).toBeUndefined();
  });
});

describe('the office league counters', () => {
  const monthRow = async (officeId: string) => {
    const month = today().slice(0, 7);
    return (await api.item(`STATS#office#${officeId}`, `MONTH#${month}`)) ?? {};
  };

  it('count the first response at triage and the visit at its report, for the office of the request', async () => {
    const before = await monthRow('bj');
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs);
    const afterTriage = await monthRow('bj');

    await act(api, id, 'visit-report', { token: cs });

    const after = await monthRow('bj');
    const n = (row: Record<string, unknown>, name: string) => Number(row[name] ?? 0);
    expect(n(afterTriage, 'firstResponses') - n(before, 'firstResponses')).toBe(1);
    expect(n(afterTriage, 'firstResponsesInTarget') - n(before, 'firstResponsesInTarget')).toBe(1);
    expect(n(after, 'visits') - n(afterTriage, 'visits')).toBe(1);
    expect(n(after, 'visitsInTarget') - n(afterTriage, 'visitsInTarget')).toBe(1);
    expect(n(after, 'visitWorkingDays')).toBe(n(afterTriage, 'visitWorkingDays'));
  });
});
