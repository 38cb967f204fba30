import { verifyChain } from '../../shared/domain/hash-chain.ts';
import { monthOf } from '../../shared/domain/satisfaction-report.ts';
import { listEvents } from '../../shared/store/audit-trail.ts';
import { putDelivery } from '../../shared/store/deliveries.ts';
import { officeStatItems } from '../../shared/store/office-stats.ts';
import { answerCounterItems } from '../../shared/store/satisfaction-stats.ts';
import { writeAll } from '../../shared/store/transactions.ts';
import { aComplaint, aServiceRequest } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { aSurvey } from '../support/surveys.ts';
import { anInvestigation, taskFor } from '../support/workflow.ts';

interface Row {
  rank: number;
  office: { id: string };
  counts: Record<string, number>;
  firstResponse: { count: number; averageMinutes: number | null; inTargetRate: number | null };
  visits: { count: number; averageWorkingDays: number | null; inTargetRate: number | null };
  complaints: {
    received: number;
    repliesOnTime: number;
    repliesLate: number;
    slaCompliance: number | null;
    per100Deliveries: number | null;
  };
  returns: { count: number; returnedUnits: number; deliveredUnits: number; returnRate: number | null };
  csat: { answered: number; average: number | null };
  targets: { csatTarget: number; visitWithinWorkingDays: number; complaintReplyWorkingDays: number };
  csatMeetsTarget: boolean | null;
  latestNotes: { id: string; finding: string }[];
}
interface League {
  from: string;
  to: string;
  office?: string;
  offices: Row[];
  total: Omit<Row, 'rank' | 'office' | 'targets' | 'csatMeetsTarget' | 'latestNotes'>;
}

let api: TestRuntime;
let manager: string;
beforeAll(async () => {
  api = await startTestRuntime();
  manager = await api.token('manager');
});
afterAll(async () => api.stop());

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The arranged data set, Jan-Mar 2024 (no seeded data falls in it), and what it must give. */
const period = { from: '2024-01', to: '2024-03' };
const arranged = {
  // complaints received per office (POST /v1/complaints by Customer Service)
  complaints: { bj: 3, sh: 0, gz: 1 },
  serviceRequests: { bj: 0, sh: 2, gz: 0 },
  // deliveries through the store: [customer, office, units, acceptedOn | undefined, deliveredOn]
  deliveries: [
    ['bj-no1-school', 'bj', [100, 20], '2024-02-05', '2024-01-30'],
    ['bj-haidian-service-center', 'bj', [50], undefined, '2024-03-31'],
    ['gz-tianhe-primary', 'gz', [40], '2024-01-10', '2024-01-08'],
    ['gz-tianhe-primary', 'gz', [10], '2024-04-01', '2024-03-30'], // accepted after the period
    ['sh-education-bureau', 'sh', [80, 8], '2024-03-01', '2024-02-20'],
  ] as const,
  // what other areas count, written as they do (officeStatItems in a transaction)
  others: {
    bj: {
      firstResponses: 4,
      firstResponseMinutes: 610,
      firstResponsesInTarget: 3,
      visits: 2,
      visitWorkingDays: 7,
      visitsInTarget: 1,
      repliesOnTime: 2,
      repliesLate: 1,
      returns: 1,
      returnedUnits: 6,
    },
    sh: { firstResponses: 2, firstResponseMinutes: 90, firstResponsesInTarget: 2, repliesOnTime: 1 },
    gz: { repliesLate: 1, returns: 2, returnedUnits: 5 },
  },
  csatScores: { bj: [5, 4], sh: [], gz: [3] },
};

const staffComplaint = async (officeId: string, receivedAt: string) => {
  const response = await api.request<{ id: string }>('POST', '/v1/complaints', {
    token: await api.token('customer-service'),
    body: aComplaint({ officeId, channel: 'phone', receivedAt, problemDate: '2024-01-02' }),
  });
  expect(response.status).toBe(201);
  return response.body.id;
};

beforeAll(async () => {
  for (const [office, count] of Object.entries(arranged.complaints)) {
    for (let i = 0; i < count; i += 1) await staffComplaint(office, `2024-02-1${i}T10:00:00+08:00`);
  }
  for (const [officeId, count] of Object.entries(arranged.serviceRequests)) {
    for (let i = 0; i < count; i += 1) {
      const response = await api.request('POST', '/v1/service-requests', {
        token: await api.token('customer-service'),
        body: aServiceRequest({ officeId, channel: 'phone', receivedAt: '2024-01-31T23:30:00+08:00' }),
      });
      expect(response.status).toBe(201);
    }
  }
  for (const [index, [customerId, , units, acceptedOn, deliveredOn]] of arranged.deliveries.entries()) {
    const delivery = {
      id: `d-league-${index}`,
      customerId,
      orderRef: `HT-LEAGUE-${index}`,
      batch: `B-LEAGUE-${index}`,
      items: units.map((quantity) => ({
        productId: 'kzy-01',
        productName: '学生课桌椅 KZY-01',
        category: 'furniture' as const,
        quantity,
      })),
      deliveredOn,
      ...(acceptedOn ? { acceptedOn } : {}),
    };
    await putDelivery(delivery);
    await putDelivery(delivery); // written again: replaced, not counted twice
  }
  for (const [officeId, add] of Object.entries(arranged.others)) {
    await writeAll(officeStatItems(officeId, '2024-02-15T12:00:00+08:00', add));
  }
  for (const [officeId, scores] of Object.entries(arranged.csatScores)) {
    for (const score of scores) {
      await writeAll(answerCounterItems(aSurvey({ officeId }), { score }, '2024-03-02T09:00:00+08:00'));
    }
  }
});

/** The expected figures of one office, computed from the arranged data. */
function expected(officeId: 'bj' | 'sh' | 'gz') {
  const others: Record<string, number> = arranged.others[officeId];
  const o = (name: string) => others[name] ?? 0;
  const deliveries = arranged.deliveries.filter(
    ([, office, , acceptedOn, deliveredOn]) =>
      office === officeId && (acceptedOn ?? deliveredOn).slice(0, 7) <= period.to,
  );
  const deliveredUnits = deliveries.reduce((sum, [, , units]) => sum + units.reduce((a, b) => a + b, 0), 0);
  const complaints = arranged.complaints[officeId];
  const replies = o('repliesOnTime') + o('repliesLate');
  const scores = arranged.csatScores[officeId] as readonly number[];
  return {
    firstResponse: {
      count: o('firstResponses'),
      averageMinutes: o('firstResponses') ? round(o('firstResponseMinutes') / o('firstResponses'), 1) : null,
      inTargetRate: o('firstResponses') ? round(o('firstResponsesInTarget') / o('firstResponses'), 4) : null,
    },
    visits: {
      count: o('visits'),
      averageWorkingDays: o('visits') ? round(o('visitWorkingDays') / o('visits'), 2) : null,
      inTargetRate: o('visits') ? round(o('visitsInTarget') / o('visits'), 4) : null,
    },
    complaints: {
      received: complaints,
      repliesOnTime: o('repliesOnTime'),
      repliesLate: o('repliesLate'),
      slaCompliance: replies ? round(o('repliesOnTime') / replies, 4) : null,
      per100Deliveries: deliveries.length ? round((complaints / deliveries.length) * 100, 2) : null,
    },
    returns: {
      count: o('returns'),
      returnedUnits: o('returnedUnits'),
      deliveredUnits,
      returnRate: deliveredUnits ? round(o('returnedUnits') / deliveredUnits, 4) : null,
    },
    csat: {
      answered: scores.length,
      average: scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length, 2) : null,
    },
    serviceRequests: arranged.serviceRequests[officeId],
    deliveries: deliveries.length,
  };
}

const league = async (token: string, query = `from=${period.from}&to=${period.to}`) =>
  api.request<League>('GET', `/v1/reports/offices?${query}`, { token });

describe('the office league table', () => {
  it('gives every figure of every office from what was counted in the period', async () => {
    const response = await league(manager);

    expect(response.status).toBe(200);
    for (const officeId of ['bj', 'sh', 'gz'] as const) {
      const row = response.body.offices.find((r) => r.office.id === officeId);
      const want = expected(officeId);
      expect(row?.firstResponse).toEqual(want.firstResponse);
      expect(row?.visits).toEqual(want.visits);
      expect(row?.complaints).toEqual(want.complaints);
      expect(row?.returns).toEqual(want.returns);
      expect(row?.csat).toEqual(want.csat);
      expect(row?.counts.serviceRequests).toBe(want.serviceRequests);
      expect(row?.counts.deliveries).toBe(want.deliveries);
    }
  });

  it('ranks by SLA compliance: sh (1/1), bj (2/3), gz (0/1)', async () => {
    const response = await league(manager);

    expect(response.body.offices.map((row) => [row.rank, row.office.id])).toEqual([
      [1, 'sh'],
      [2, 'bj'],
      [3, 'gz'],
    ]);
  });

  it('adds the offices up in the total', async () => {
    const response = await league(manager);

    const all = (['bj', 'sh', 'gz'] as const).map(expected);
    const onTime = all.reduce((sum, e) => sum + e.complaints.repliesOnTime, 0);
    const late = all.reduce((sum, e) => sum + e.complaints.repliesLate, 0);
    expect(response.body.total.complaints.slaCompliance).toBe(round(onTime / (onTime + late), 4));
    expect(response.body.total.returns.deliveredUnits).toBe(
      all.reduce((sum, e) => sum + e.returns.deliveredUnits, 0),
    );
  });

  it('shows each office its own row only', async () => {
    const response = await league(await api.token('office', { office: 'gz' }));

    expect(response.status).toBe(200);
    expect(response.body.office).toBe('gz');
    expect(response.body.offices.map((row) => row.office.id)).toEqual(['gz']);
    expect(response.body.offices[0]?.complaints).toEqual(expected('gz').complaints);
    expect(response.body.total.csat).toEqual(expected('gz').csat);
  });

  it('refuses a reversed period with 422', async () => {
    const response = await league(manager, 'from=2024-05&to=2024-01');

    expect(response.status).toBe(422);
  });

  it('counts a first reply on time for the office of the complaint, in the month of the reply', async () => {
    const id = await staffComplaint('sh', new Date().toISOString());
    const complete = async (step: string, role: string, body: Record<string, unknown>) => {
      const task = await taskFor(api, id, step, role);
      const done = await api.request('POST', `/v1/tasks/${task.taskId}`, {
        token: await api.token(role),
        body: { step, ...body },
      });
      expect(done.status).toBe(200);
    };
    const month = monthOf(new Date());
    const before = (await league(manager, `from=${month}&to=${month}`)).body.offices.find(
      (r) => r.office.id === 'sh',
    );

    await complete('investigation', 'quality', anInvestigation());
    await complete('productionApproval', 'production', { decision: 'approve' });
    await complete('customerReply', 'customer-service', { reply: '已电话说明', channel: 'phone' });

    const after = (await league(manager, `from=${month}&to=${month}`)).body.offices.find(
      (r) => r.office.id === 'sh',
    );
    expect(after?.complaints.repliesOnTime).toBe((before?.complaints.repliesOnTime ?? 0) + 1);
    expect(after?.complaints.repliesLate).toBe(before?.complaints.repliesLate);
  });
});

describe("an office's service standard", () => {
  const aStandard = (overrides: Record<string, unknown> = {}) => ({
    firstResponse: { value: 1, unit: 'workingDays' },
    visitWithinWorkingDays: 5,
    csatTarget: 4.5,
    items: ['上门服务须穿工装并出示工作证'],
    ...overrides,
  });

  it('is the default while the office has none', async () => {
    const response = await api.request<Record<string, unknown>>('GET', '/v1/offices/sh/standard', {
      token: manager,
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"0"');
    expect(response.body).toMatchObject({
      officeId: 'sh',
      isDefault: true,
      version: 0,
      complaintReplyWorkingDays: 2,
      firstResponse: { value: 4, unit: 'workingHours' },
      visitWithinWorkingDays: 3,
      csatTarget: 4,
      items: [],
    });
  });

  it('is set by a manager with If-Match, audited, and a stale If-Match gets 412', async () => {
    const put = (ifMatch: string, body = aStandard()) =>
      api.request<Record<string, unknown>>('PUT', '/v1/offices/gz/standard', {
        token: manager,
        headers: { 'if-match': ifMatch },
        body,
      });

    const first = await put('"0"');
    const stale = await put('"0"', aStandard({ csatTarget: 3 }));
    const second = await put('"1"', aStandard({ visitWithinWorkingDays: 2 }));

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      isDefault: false,
      version: 1,
      csatTarget: 4.5,
      complaintReplyWorkingDays: 2,
    });
    expect(stale.status).toBe(412);
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe('"2"');
    const read = await api.request<Record<string, unknown>>('GET', '/v1/offices/gz/standard', {
      token: manager,
    });
    expect(read.body).toMatchObject({ version: 2, visitWithinWorkingDays: 2, csatTarget: 4.5 });
    const events = await listEvents('OFFICE#gz');
    expect(events.map((event) => event.type)).toEqual(['standard.updated', 'standard.updated']);
    expect(events[1]?.data).toMatchObject({
      before: { visitWithinWorkingDays: 5 },
      after: { visitWithinWorkingDays: 2 },
    });
    expect(verifyChain('OFFICE#gz', events)).toEqual({ intact: true });
    const table = await league(manager);
    expect(table.body.offices.find((r) => r.office.id === 'gz')?.targets).toMatchObject({
      visitWithinWorkingDays: 2,
      csatTarget: 4.5,
    });
  });

  it.each([
    ['a complaint reply other than 2 working days', { complaintReplyWorkingDays: 3 }],
    ['a CSAT target above 5', { csatTarget: 6 }],
    ['an unknown unit', { firstResponse: { value: 2, unit: 'weeks' } }],
    ['a visit target of 0 days', { visitWithinWorkingDays: 0 }],
  ])('refuses %s with 422', async (_what, overrides) => {
    const response = await api.request('PUT', '/v1/offices/bj/standard', {
      token: manager,
      body: aStandard(overrides),
    });

    expect(response.status).toBe(422);
  });

  it('is not set by Customer Service (403) and an unknown office is 404', async () => {
    const refused = await api.request('PUT', '/v1/offices/bj/standard', {
      token: await api.token('customer-service'),
      body: aStandard(),
    });
    const unknown = await api.request('GET', '/v1/offices/nowhere/standard', { token: manager });

    expect(refused.status).toBe(403);
    expect(unknown.status).toBe(404);
  });

  it('is readable by an office user for their own office only', async () => {
    const bjOffice = await api.token('office', { office: 'bj' });

    const own = await api.request('GET', '/v1/offices/bj/standard', { token: bjOffice });
    const other = await api.request('GET', '/v1/offices/gz/standard', { token: bjOffice });

    expect(own.status).toBe(200);
    expect(other.status).toBe(403);
  });
});

describe('supervision notes', () => {
  const aNote = (finding: string, overrides: Record<string, unknown> = {}) => ({
    date: '2024-03-01',
    finding,
    actionRequired: '两周内整改并报总部',
    due: '2024-03-15',
    ...overrides,
  });

  it('are written by head office and listed newest first; the table shows the newest three', async () => {
    const written: string[] = [];
    for (const finding of ['回访不及时', '工单记录不全', '备件台账缺失', '客户投诉未上报']) {
      const response = await api.request<{ id: string; createdBy: string }>(
        'POST',
        '/v1/offices/sh/supervision-notes',
        { token: manager, body: aNote(finding) },
      );
      expect(response.status).toBe(201);
      written.push(response.body.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    const list = await api.request<{ items: { id: string; finding: string }[] }>(
      'GET',
      '/v1/offices/sh/supervision-notes',
      { token: await api.token('office', { office: 'sh' }) },
    );
    const table = await league(manager);

    expect(list.status).toBe(200);
    expect(list.body.items.map((note) => note.id)).toEqual([...written].reverse());
    expect(table.body.offices.find((r) => r.office.id === 'sh')?.latestNotes.map((n) => n.finding)).toEqual([
      '客户投诉未上报',
      '备件台账缺失',
      '工单记录不全',
    ]);
    expect(verifyChain('OFFICE#sh', await listEvents('OFFICE#sh'))).toEqual({ intact: true });
  });

  it('refuses an action due before the supervision with 422', async () => {
    const response = await api.request<{ errors?: unknown[] }>('POST', '/v1/offices/bj/supervision-notes', {
      token: manager,
      body: aNote('记录', { due: '2024-02-01' }),
    });

    expect(response.status).toBe(422);
  });

  it('are not written by an office user (403) nor read for another office (403)', async () => {
    const bjOffice = await api.token('office', { office: 'bj' });

    const written = await api.request('POST', '/v1/offices/bj/supervision-notes', {
      token: bjOffice,
      body: aNote('自查'),
    });
    const read = await api.request('GET', '/v1/offices/sh/supervision-notes', { token: bjOffice });

    expect(written.status).toBe(403);
    expect(read.status).toBe(403);
  });
});
