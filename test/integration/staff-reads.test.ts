import { GENESIS_HASH, verifyChain } from '../../shared/domain/hash-chain.ts';
import type { AuditEvent } from '../../shared/store/audit.ts';
import { aComplaint, anInquiry, aServiceRequest, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { type ApiResponse, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { statusOf } from '../support/workflow.ts';

interface Summary {
  id: string;
  reference: string;
  kind: string;
  status: string;
  channel: string;
  receivedAt: string;
  customerId?: string;
}
interface Page {
  items: Summary[];
  nextCursor?: string;
}
interface CaseView extends Summary {
  submitter: Record<string, unknown>;
  details: Record<string, unknown>;
  timeline: AuditEvent[];
}
interface Problem {
  type: string;
  status: number;
}

let api: TestRuntime;
let staff: string;
beforeAll(async () => {
  api = await startTestRuntime();
  staff = await api.token('customer-service');
});
afterAll(async () => api.stop());

const list = (path: string) => api.request<Page>('GET', path, { token: staff });
const ids = (response: ApiResponse<Page>) => response.body.items.map((item) => item.id);

async function submitted(path: string, body: Record<string, unknown>, token?: string): Promise<string> {
  const response = await api.request<{ id: string }>('POST', path, { body, ...(token ? { token } : {}) });
  if (response.status !== 201) throw new Error(`could not submit: ${response.text}`);
  return response.body.id;
}
/** A case Customer Service recorded (channel and time of receipt in `body`). */
const recorded = (path: string, body: Record<string, unknown>) => submitted(path, body, staff);

/** A complaint Customer Service recorded from a phone call received at `receivedAt` (+08:00). */
const phoneComplaint = (receivedAt: string) =>
  recorded(
    '/v1/complaints',
    aComplaint({ channel: 'phone', receivedAt, problemDate: receivedAt.slice(0, 10) }),
  );

describe.each([
  ['/v1/complaints', aComplaint],
  ['/v1/inquiries', anInquiry],
  ['/v1/service-requests', aServiceRequest],
])('GET %s', (path, build) => {
  it('lists the newest case first, by time of receipt rather than of recording', async () => {
    const web = await submitted(path, build());
    const byPhone = await recorded(
      path,
      build({ channel: 'phone', receivedAt: '2026-11-02T09:00:00+08:00' }),
    );

    const response = await list(path);

    expect(response.status).toBe(200);
    expect(response.body.items[0]).toMatchObject({ id: web, channel: 'web' });
    expect(ids(response).indexOf(byPhone)).toBeGreaterThan(0);
    const times = response.body.items.map((item) => item.receivedAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('returns one case with its timeline, starting with its receipt', async () => {
    const id = await submitted(path, build());

    const response = await api.request<CaseView>('GET', `${path}/${id}`, { token: staff });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id });
    const [first] = response.body.timeline;
    expect(first).toMatchObject({ seq: 1, type: 'received', prevHash: GENESIS_HASH });
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyChain(`CASE#${id}`, response.body.timeline)).toEqual({ intact: true });
  });

  it('answers 404 for an id that does not exist', async () => {
    const response = await api.request<Problem>('GET', `${path}/01KZZZZZZZZZZZZZZZZZZZZZZZ`, {
      token: staff,
    });

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('reading a case under the wrong kind', () => {
  it.each(['/v1/inquiries', '/v1/service-requests'])('answers 404 for a complaint id on %s', async (path) => {
    const complaint = await submitted('/v1/complaints', aComplaint());

    const response = await api.request<Problem>('GET', `${path}/${complaint}`, { token: staff });

    expect(response.status).toBe(404);
  });
});

describe('filters of the complaint list', () => {
  it('lists the complaints received in a range of days newest first, whatever order they were recorded in', async () => {
    const second = await phoneComplaint('2026-03-03T10:00:00+08:00');
    const third = await phoneComplaint('2026-03-04T09:00:00+08:00');
    const first = await phoneComplaint('2026-03-02T16:00:00+08:00');
    await phoneComplaint('2026-03-06T09:00:00+08:00');

    const response = await list('/v1/complaints?from=2026-03-01&to=2026-03-05');

    expect(ids(response)).toEqual([third, second, first]);
  });

  it('counts days in Shanghai time, not UTC', async () => {
    const lateOnThe10th = await phoneComplaint('2026-04-10T23:30:00+08:00');
    const earlyOnThe11th = await phoneComplaint('2026-04-11T00:30:00+08:00');
    const lateOnThe11th = await phoneComplaint('2026-04-11T23:59:00+08:00');
    const midnightOfThe12th = await phoneComplaint('2026-04-12T00:00:00+08:00');

    const onThe11th = await list('/v1/complaints?from=2026-04-11&to=2026-04-11');
    const upToThe10th = await list('/v1/complaints?from=2026-04-01&to=2026-04-10');
    const fromThe12th = await list('/v1/complaints?from=2026-04-12&to=2026-04-30');

    expect(ids(onThe11th)).toEqual([lateOnThe11th, earlyOnThe11th]);
    expect(ids(upToThe10th)).toEqual([lateOnThe10th]);
    expect(ids(fromThe12th)).toEqual([midnightOfThe12th]);
  });

  it('lists only the complaints in a status', async () => {
    const id = await phoneComplaint('2026-06-15T10:00:00+08:00');
    // The workflow moves a new complaint on to Quality's investigation, where it waits.
    await statusOf(api, id, 'INVESTIGATING');

    const investigating = await list('/v1/complaints?status=INVESTIGATING&from=2026-06-15&to=2026-06-15');
    const closed = await list('/v1/complaints?status=CLOSED');

    expect(ids(investigating)).toEqual([id]);
    expect(closed.body.items).toEqual([]);
  });

  it("lists only a customer's complaints", async () => {
    const linked = await submitted(
      '/v1/complaints',
      aComplaint({ submitter: aSubmitter({ email: 'zhang.wei@bj1school.example.cn' }) }),
    );
    const unlinked = await submitted(
      '/v1/complaints',
      aComplaint({ submitter: aSubmitter({ email: uniqueEmail() }) }),
    );

    const response = await list('/v1/complaints?customerId=bj-no1-school&limit=100');

    expect(ids(response)).toContain(linked);
    expect(ids(response)).not.toContain(unlinked);
    expect(response.body.items.every((item) => item.customerId === 'bj-no1-school')).toBe(true);
  });

  it("lists a customer's complaints in a status", async () => {
    const linked = await submitted(
      '/v1/complaints',
      aComplaint({ submitter: aSubmitter({ email: 'chen.jing@thsx.example.cn' }) }),
    );

    await statusOf(api, linked, 'INVESTIGATING');

    const investigating = await list('/v1/complaints?customerId=gz-tianhe-primary&status=INVESTIGATING');
    const closed = await list('/v1/complaints?customerId=gz-tianhe-primary&status=CLOSED');

    expect(ids(investigating)).toContain(linked);
    expect(closed.body.items).toEqual([]);
  });
});

describe('paging through a list', () => {
  const range = 'from=2026-05-01&to=2026-05-31';

  /** Follows nextCursor from the first page to the last, two at a time. */
  async function walk(query: string): Promise<{ pages: Page[]; last: ApiResponse<Page> }> {
    const pages: Page[] = [];
    let cursor: string | undefined;
    let response: ApiResponse<Page>;
    do {
      response = await list(`/v1/complaints?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      pages.push(response.body);
      cursor = response.body.nextCursor;
    } while (cursor && pages.length < 10);
    return { pages, last: response };
  }

  it('visits every complaint exactly once, newest first, and the last page has no cursor', async () => {
    const recorded: string[] = [];
    for (const day of ['01', '02', '03', '04', '05'])
      recorded.push(await phoneComplaint(`2026-05-${day}T11:00:00+08:00`));

    const { pages, last } = await walk(range);

    expect(pages.every((page) => page.items.length <= 2)).toBe(true);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(recorded.reverse());
    expect(last.body.nextCursor).toBeUndefined();
  });

  it('refuses a cursor taken from the inquiry list with 400', async () => {
    await submitted('/v1/inquiries', anInquiry());
    await submitted('/v1/inquiries', anInquiry());
    const inquiries = await list('/v1/inquiries?limit=1');
    expect(inquiries.body.nextCursor).toBeDefined();

    const response = await api.request<Problem>('GET', `/v1/complaints?cursor=${inquiries.body.nextCursor}`, {
      token: staff,
    });

    expect(response.status).toBe(400);
    expect(response.body.type).toBe('/v1/docs#problem-invalid-cursor');
  });

  it('refuses a cursor taken from the customer list with 400', async () => {
    const customers = await list('/v1/customers?limit=1');
    expect(customers.body.nextCursor).toBeDefined();

    const response = await api.request<Problem>('GET', `/v1/complaints?cursor=${customers.body.nextCursor}`, {
      token: staff,
    });

    expect(response.status).toBe(400);
    expect(response.body.type).toBe('/v1/docs#problem-invalid-cursor');
  });

  it('refuses a forged cursor with 400', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: { S: 'CASE#x' }, sk: 'CASE' })).toString('base64url');

    const response = await api.request<Problem>('GET', `/v1/complaints?cursor=${forged}`, { token: staff });

    expect(response.status).toBe(400);
    expect(response.body.type).toBe('/v1/docs#problem-invalid-cursor');
  });
});
