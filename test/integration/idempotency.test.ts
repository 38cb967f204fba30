import { randomUUID } from 'node:crypto';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(async () => api.stop());

const casesOf = async (email: string) =>
  (await api.indexPartition('gsi1', 'CASES#complaint')).filter(
    (c) => (c.submitter as { email?: string }).email === email,
  );

describe('Idempotency-Key on intake', () => {
  it('replays the first response for a retry with the same key and body, storing one case and one acknowledgement', async () => {
    const email = uniqueEmail();
    const body = aComplaint({ submitter: aSubmitter({ email }) });
    const headers = { 'Idempotency-Key': randomUUID() };

    const first = await api.request<{ id: string; reference: string }>('POST', '/v1/complaints', {
      body,
      headers,
    });
    const retry = await api.request<{ id: string; reference: string }>('POST', '/v1/complaints', {
      body,
      headers,
    });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await casesOf(email)).toHaveLength(1);
    expect(await api.emailsTo(email)).toHaveLength(1);
  });

  it('refuses the same key with a different body (422) and writes nothing for it', async () => {
    const email = uniqueEmail();
    const otherEmail = uniqueEmail();
    const headers = { 'Idempotency-Key': randomUUID() };
    await api.request('POST', '/v1/complaints', {
      body: aComplaint({ submitter: aSubmitter({ email }) }),
      headers,
    });

    const reused = await api.request<{ type: string }>('POST', '/v1/complaints', {
      body: aComplaint({ submitter: aSubmitter({ email: otherEmail }) }),
      headers,
    });

    expect(reused.status).toBe(422);
    expect(reused.body.type).toBe('/v1/docs#problem-idempotency-mismatch');
    expect(await casesOf(otherEmail)).toHaveLength(0);
    expect(await api.emailsTo(otherEmail)).toHaveLength(0);
  });

  it('stores one case when ten identical requests with one key arrive at once', async () => {
    const email = uniqueEmail();
    const body = aComplaint({ submitter: aSubmitter({ email }) });
    const headers = { 'Idempotency-Key': randomUUID() };

    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.request<{ id?: string }>('POST', '/v1/complaints', { body, headers }),
      ),
    );

    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses).toContain(201);
    for (const busy of responses.filter((r) => r.status === 409))
      expect(busy.headers.get('retry-after')).toBe('1');
    const ids = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(await casesOf(email)).toHaveLength(1);
    expect(await api.emailsTo(email)).toHaveLength(1);
  });

  it('treats requests without a key as separate submissions', async () => {
    const email = uniqueEmail();
    const body = aComplaint({ submitter: aSubmitter({ email }) });

    await api.request('POST', '/v1/complaints', { body });
    await api.request('POST', '/v1/complaints', { body });

    expect(await casesOf(email)).toHaveLength(2);
  });

  it('keeps keys of different routes apart', async () => {
    const key = randomUUID();
    const email = uniqueEmail();
    const complaint = await api.request('POST', '/v1/complaints', {
      body: aComplaint({ submitter: aSubmitter({ email }) }),
      headers: { 'Idempotency-Key': key },
    });
    const inquiry = await api.request('POST', '/v1/inquiries', {
      body: { submitter: aSubmitter({ email }), kind: 'inquiry', topic: '保修', message: '保修多久？' },
      headers: { 'Idempotency-Key': key },
    });

    expect(complaint.status).toBe(201);
    expect(inquiry.status).toBe(201);
  });
});
