import { shanghaiDate } from '../../shared/calendar/plain-date.ts';
import { verifyChain } from '../../shared/domain/hash-chain.ts';
import { eventFromItem } from '../../shared/store/audit.ts';
import { aComplaint, anInquiry, aServiceRequest, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

interface Receipt {
  id: string;
  reference: string;
  kind: string;
  status: string;
  receivedAt: string;
  warranty?: { status: string; freeRepairEndsOn?: string; reason?: string; message: string };
}

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(async () => api.stop());

const today = () => shanghaiDate(new Date()).replaceAll('-', '');

describe.each([
  ['/v1/complaints', 'complaint', 'TS', aComplaint],
  ['/v1/inquiries', 'inquiry', 'ZX', anInquiry],
  ['/v1/service-requests', 'serviceRequest', 'WX', aServiceRequest],
])('POST %s', (path, kind, prefix, build) => {
  it('stores the case with its reference, status RECEIVED and a first audit event', async () => {
    const response = await api.request<Receipt>('POST', path, { body: build() });

    expect(response.status).toBe(201);
    expect(response.body.reference).toMatch(new RegExp(`^${prefix}-${today()}-\\d{4}$`));
    expect(response.headers.get('location')).toBe(`${path}/${response.body.id}`);
    const stored = await api.item(`CASE#${response.body.id}`, 'CASE');
    expect(stored).toMatchObject({ kind, channel: 'web', reference: response.body.reference });
    const events = (await api.partition(`CASE#${response.body.id}`)).filter((i) => i.entityType === 'event');
    // Complaints go on into their workflow, which appends its own events after this one.
    expect(events[0]).toMatchObject({ seq: 1, type: 'received', data: { status: 'RECEIVED' } });
    expect(verifyChain(`CASE#${response.body.id}`, events.map(eventFromItem))).toEqual({ intact: true });
  });

  it('acknowledges to the customer in their language and notifies the after-sales mailbox', async () => {
    const email = uniqueEmail();
    const response = await api.request<Receipt>('POST', path, {
      body: build({ submitter: aSubmitter({ email, language: 'en' }) }),
    });

    const [ack] = await api.emailsTo(email);
    expect(ack?.subject).toContain(response.body.reference);
    expect(ack?.subject).toMatch(/^\[After-sales\] We received your/);
    const notices = await api.emailsTo('after-sales@aftersales.local');
    expect(notices.some((mail) => mail.subject.includes(response.body.reference))).toBe(true);
    const mails = await api.partition(`MAIL#${response.body.id}-ack`);
    expect(mails[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('reference numbers', () => {
  it('count up per kind and day', async () => {
    const first = await api.request<Receipt>('POST', '/v1/inquiries', { body: anInquiry() });
    const second = await api.request<Receipt>('POST', '/v1/inquiries', { body: anInquiry() });

    const counter = (ref: string) => Number(ref.split('-')[2]);
    expect(counter(second.body.reference)).toBe(counter(first.body.reference) + 1);
  });
});

describe('service request warranty decision', () => {
  it('is free within two years of acceptance', async () => {
    const response = await api.request<Receipt>('POST', '/v1/service-requests', {
      body: aServiceRequest({ orderRef: 'HT-2025-BJ-001' }),
    });

    expect(response.body.warranty).toMatchObject({ status: 'free', freeRepairEndsOn: '2027-03-19' });
    expect(response.body.warranty?.message).toContain('2027-03-19');
  });

  it('is chargeable lifetime maintenance after two years', async () => {
    const response = await api.request<Receipt>('POST', '/v1/service-requests', {
      body: aServiceRequest({ orderRef: 'HT-2023-SH-017', type: 'maintenance' }),
    });

    expect(response.body.warranty).toMatchObject({ status: 'chargeable', freeRepairEndsOn: '2025-09-07' });
  });

  it('is unknown when no delivery matches, and the customer is told so', async () => {
    const email = uniqueEmail();
    const response = await api.request<Receipt>('POST', '/v1/service-requests', {
      body: aServiceRequest({ orderRef: 'NO-SUCH-ORDER', submitter: aSubmitter({ email }) }),
    });

    expect(response.body.warranty).toMatchObject({ status: 'unknown', reason: 'no-delivery' });
    const [ack] = await api.emailsTo(email);
    expect(ack?.body.text).toContain('暂未找到对应的交付记录');
  });

  it('finds the delivery by batch when no order ref is given', async () => {
    const response = await api.request<Receipt>('POST', '/v1/service-requests', {
      body: aServiceRequest({ orderRef: undefined, batch: 'B2024-077' }),
    });

    expect(response.body.warranty).toMatchObject({ status: 'free', freeRepairEndsOn: '2026-12-01' });
  });
});

describe('customer matching', () => {
  it('links a submission from a known contact email to the customer and its office', async () => {
    const response = await api.request<Receipt>('POST', '/v1/complaints', {
      body: aComplaint({ submitter: aSubmitter({ email: 'zhang.wei@bj1school.example.cn' }) }),
    });

    const stored = await api.item(`CASE#${response.body.id}`, 'CASE');
    expect(stored).toMatchObject({ customerId: 'bj-no1-school', officeId: 'bj' });
  });
});

describe('spam trap', () => {
  it('answers 202 and stores nothing when the hidden field is filled', async () => {
    const email = uniqueEmail();
    const before = await api.indexPartition('gsi1', 'CASES#complaint');
    const response = await api.request('POST', '/v1/complaints', {
      body: aComplaint({ website: 'http://spam.example', submitter: aSubmitter({ email }) }),
    });

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: true });
    expect(await api.indexPartition('gsi1', 'CASES#complaint')).toHaveLength(before.length);
    expect(await api.emailsTo(email)).toHaveLength(0);
  });
});

describe('staff recording a complaint that arrived by phone', () => {
  it('keeps the channel and counts from the time of receipt', async () => {
    const token = await api.token('customer-service');
    const receivedAt = '2026-11-26T10:15:00+08:00';
    const response = await api.request<Receipt>('POST', '/v1/complaints', {
      token,
      body: aComplaint({ channel: 'phone', receivedAt, origin: 'market', officeId: 'sh' }),
    });

    expect(response.status).toBe(201);
    expect(response.body.reference).toMatch(/^TS-20261126-\d{4}$/);
    const stored = await api.item(`CASE#${response.body.id}`, 'CASE');
    expect(stored).toMatchObject({
      channel: 'phone',
      origin: 'market',
      officeId: 'sh',
      receivedAt: '2026-11-26T02:15:00.000Z',
    });
    expect(stored?.recordedBy).toMatchObject({ kind: 'staff', roles: ['customer-service'] });
  });

  it('requires the channel from staff', async () => {
    const token = await api.token('customer-service');
    const response = await api.request<{ errors: { field: string }[] }>('POST', '/v1/complaints', {
      token,
      body: aComplaint(),
    });

    expect(response.status).toBe(422);
    expect(response.body.errors.map((e) => e.field)).toEqual(['channel']);
  });

  it('refuses a time of receipt in the future', async () => {
    const token = await api.token('customer-service');
    const response = await api.request<{ errors: { field: string }[] }>('POST', '/v1/complaints', {
      token,
      body: aComplaint({ channel: 'letter', receivedAt: new Date(Date.now() + 3_600_000).toISOString() }),
    });

    expect(response.status).toBe(422);
    expect(response.body.errors.map((e) => e.field)).toEqual(['receivedAt']);
  });

  it('refuses staff-only fields from the public with 403 and writes nothing', async () => {
    const email = uniqueEmail();
    const before = await api.indexPartition('gsi1', 'CASES#complaint');
    const response = await api.request<{ errors: { field: string }[] }>('POST', '/v1/complaints', {
      body: aComplaint({
        channel: 'phone',
        receivedAt: '2026-11-26T10:15:00+08:00',
        submitter: aSubmitter({ email }),
      }),
    });

    expect(response.status).toBe(403);
    expect(response.body.errors.map((e) => e.field)).toEqual(['channel', 'receivedAt']);
    expect(await api.indexPartition('gsi1', 'CASES#complaint')).toHaveLength(before.length);
    expect(await api.emailsTo(email)).toHaveLength(0);
  });

  it('lets an office user record for their own office only', async () => {
    const token = await api.token('office', { office: 'bj' });
    const other = await api.request('POST', '/v1/complaints', {
      token,
      body: aComplaint({ channel: 'visit', officeId: 'gz' }),
    });
    const own = await api.request<Receipt>('POST', '/v1/complaints', {
      token,
      body: aComplaint({ channel: 'visit' }),
    });

    expect(other.status).toBe(403);
    expect(own.status).toBe(201);
    expect(await api.item(`CASE#${own.body.id}`, 'CASE')).toMatchObject({ officeId: 'bj' });
  });

  it('refuses an invalid staff token instead of treating the caller as public', async () => {
    const response = await api.request('POST', '/v1/complaints', {
      token: 'not-a-token',
      body: aComplaint(),
    });

    expect(response.status).toBe(401);
  });
});
