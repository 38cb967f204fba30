import { randomUUID } from 'node:crypto';
import { type ApiResponse, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { everything } from '../support/surveys.ts';

interface ReturnBody {
  id: string;
  reference: string;
  status: string;
  version: number;
  officeId: string;
  items: { productId: string; productName: string; quantity: number }[];
  availableActions: string[];
  timeline?: { seq: number; type: string; prevHash: string; hash: string; data: Record<string, unknown> }[];
}
interface Problem {
  title: string;
  errors?: { field: string; code: string; message: string }[];
}

let api: TestRuntime;
const tokens = { bj: '', gz: '', cs: '', manager: '' };

beforeAll(async () => {
  api = await startTestRuntime();
  tokens.bj = await api.token('office', { office: 'bj' });
  tokens.gz = await api.token('office', { office: 'gz' });
  tokens.cs = await api.token('customer-service');
  tokens.manager = await api.token('manager');
});
afterAll(async () => api.stop());

/** A return of the bj school's 2025 delivery (desks kzy-01 ×600, cabinets wjg-05 ×40). */
const aReturn = (overrides: Record<string, unknown> = {}) => ({
  customerId: 'bj-no1-school',
  deliveryId: 'd-bj1-2025',
  kind: 'return',
  items: [{ productId: 'kzy-01', quantity: 2 }],
  reason: '桌面开裂，无法使用',
  ...overrides,
});

const submit = (body: Record<string, unknown>, token = tokens.bj, headers: Record<string, string> = {}) =>
  api.request<ReturnBody & Problem>('POST', '/v1/returns', { token, body, headers });

async function submitted(body: Record<string, unknown>, token = tokens.bj): Promise<ReturnBody> {
  const response = await submit(body, token);
  if (response.status !== 201) throw new Error(`not submitted: ${response.text}`);
  return response.body;
}

const step = (
  id: string,
  body: Record<string, unknown>,
  token: string,
  headers: Record<string, string> = {},
): Promise<ApiResponse<ReturnBody & Problem>> =>
  api.request('POST', `/v1/returns/${id}/transitions`, { token, body, headers });

const tally = async (deliveryId: string) => (await api.item(`DELIVERY#${deliveryId}`, 'RETURNED')) ?? {};

describe('an exchange submitted by an office', () => {
  it('goes from submission to closed, every step audited in a hash chain', async () => {
    const created = await submit(
      aReturn({ kind: 'exchange', deliveryId: undefined, orderRef: 'HT-2025-BJ-001', batch: 'B2025-031' }),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/returns/${created.body.id}`);
    expect(created.body).toMatchObject({
      status: 'submitted',
      officeId: 'bj',
      version: 1,
      availableActions: ['approve', 'reject'],
      items: [{ productId: 'kzy-01', productName: '学生课桌椅 KZY-01', quantity: 2 }],
    });
    expect(created.body.reference).toMatch(/^TH-\d{8}-\d{4,}$/);
    const id = created.body.id;

    const steps: [Record<string, unknown>, string, string][] = [
      [{ action: 'approve', reason: '质量问题属实，同意换货' }, tokens.cs, 'approved'],
      [{ action: 'receive', note: '已收回 2 套' }, tokens.bj, 'received'],
      [{ action: 'inspect', outcome: 'confirmed', findings: '桌面胶合不良' }, tokens.bj, 'inspected'],
      [
        { action: 'shipReplacement', carrier: '顺丰', trackingNumber: 'SF123' },
        tokens.manager,
        'replacementShipped',
      ],
      [{ action: 'close', note: '客户已确认收货' }, tokens.bj, 'closed'],
    ];
    let version = 1;
    for (const [body, token, status] of steps) {
      const response = await step(id, body, token, { 'If-Match': `"${version}"` });
      expect([response.status, response.body.status]).toEqual([200, status]);
      version += 1;
      expect(response.headers.get('etag')).toBe(`"${version}"`);
    }

    const detail = await api.request<ReturnBody>('GET', `/v1/returns/${id}`, { token: tokens.bj });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'closed', version: 6, availableActions: [] });
    const timeline = detail.body.timeline ?? [];
    expect(timeline.map((e) => e.type)).toEqual([
      'return.submitted',
      'return.approved',
      'return.received',
      'return.inspected',
      'return.replacementShipped',
      'return.closed',
    ]);
    for (const [i, event] of timeline.slice(1).entries()) expect(event.prevHash).toBe(timeline[i]?.hash);
    expect(timeline[1]?.data).toMatchObject({
      from: 'submitted',
      to: 'approved',
      reason: '质量问题属实，同意换货',
    });
    expect((await api.partition(`RETURN#${id}`)).filter((item) => item.entityType === 'event')).toHaveLength(
      6,
    );
  });

  it('lists the office its own returns, filtered by status', async () => {
    const mine = await submitted(aReturn());
    const gzOwn = await submitted(
      {
        customerId: 'gz-tianhe-primary',
        deliveryId: 'd-gz-2024',
        kind: 'return',
        items: [{ productId: 'kt-35', quantity: 1 }],
        reason: '不制冷',
      },
      tokens.gz,
    );

    const bjList = await api.request<{ items: ReturnBody[] }>(
      'GET',
      '/v1/returns?status=submitted&limit=100',
      {
        token: tokens.bj,
      },
    );
    const all = await api.request<{ items: ReturnBody[] }>('GET', '/v1/returns?limit=100', {
      token: tokens.cs,
    });
    const byOffice = await api.request<{ items: ReturnBody[] }>('GET', '/v1/returns?officeId=gz', {
      token: tokens.cs,
    });

    expect(bjList.status).toBe(200);
    expect(bjList.body.items.map((r) => r.id)).toContain(mine.id);
    expect(bjList.body.items.every((r) => r.officeId === 'bj' && r.status === 'submitted')).toBe(true);
    expect(bjList.body.items.map((r) => r.id)).not.toContain(gzOwn.id);
    expect(all.body.items.map((r) => r.id)).toEqual(expect.arrayContaining([mine.id, gzOwn.id]));
    expect(byOffice.body.items.map((r) => r.id)).toEqual([gzOwn.id]);
  });

  it('honours an Idempotency-Key: the retry gets the same return, one record', async () => {
    const headers = { 'Idempotency-Key': randomUUID() };
    const body = aReturn({ items: [{ productId: 'kzy-01', quantity: 1 }] });

    const first = await submit(body, tokens.bj, headers);
    const second = await submit(body, tokens.bj, headers);

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(await api.partition(`RETURN#${first.body.id}`)).toHaveLength(2);
  });
});

describe('the quantity rule', () => {
  it('refuses more than delivered minus returned with 422 naming the line, and writes nothing', async () => {
    // The Haidian centre's delivery brought 30 cabinets (wjg-05).
    const before = await everything(api);

    const response = await api.request<Problem>('POST', '/v1/returns', {
      token: tokens.bj,
      headers: { 'accept-language': 'en' },
      body: {
        customerId: 'bj-haidian-service-center',
        deliveryId: 'd-hd-2026',
        kind: 'return',
        items: [
          { productId: 'bgy-20', quantity: 1 },
          { productId: 'wjg-05', quantity: 31 },
        ],
        reason: 'Wrong colour',
      },
    });

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'items.1.quantity', code: 'quantity_exceeded' }),
    ]);
    expect(response.body.errors?.[0]?.message).toMatch(/31.*30/);
    expect(await everything(api)).toEqual(before);
  });

  it('refuses a product the delivery did not bring', async () => {
    const response = await submit(aReturn({ items: [{ productId: 'kt-35', quantity: 1 }] }));

    expect(response.status).toBe(422);
    expect(response.body.errors?.[0]).toMatchObject({ field: 'items.0.productId', code: 'not_delivered' });
  });

  it('lets only one of two concurrent returns through when together they exceed', async () => {
    // 40 cabinets delivered to the bj school; two requests of 25 at once.
    const body = aReturn({ items: [{ productId: 'wjg-05', quantity: 25 }] });

    const responses = await Promise.all([submit(body), submit(body)]);

    expect(responses.map((r) => r.status).sort()).toEqual([201, 422]);
    expect((await tally('d-bj1-2025'))['units#wjg-05']).toBe(25);
    const refused = responses.find((r) => r.status === 422);
    expect(refused?.body.errors?.[0]).toMatchObject({ field: 'items.0.quantity', code: 'quantity_exceeded' });
  });

  it('never lets concurrent returns together exceed the delivery', async () => {
    // 80 chairs (bgy-20) delivered to the Shanghai bureau; six requests of 20 at once.
    const sh = await api.token('office', { office: 'sh' });
    const body = {
      customerId: 'sh-education-bureau',
      deliveryId: 'd-sh-2023',
      kind: 'return',
      items: [{ productId: 'bgy-20', quantity: 20 }],
      reason: '椅子扶手断裂',
    };

    const responses = await Promise.all(Array.from({ length: 6 }, () => submit(body, sh)));

    expect(responses.filter((r) => r.status === 201)).toHaveLength(4);
    expect(responses.filter((r) => r.status === 422)).toHaveLength(2);
    expect((await tally('d-sh-2023'))['units#bgy-20']).toBe(80);
  });

  it('frees the quantity of a rejected return', async () => {
    // 150 chairs (bgy-20) delivered to the Haidian centre.
    const body = {
      customerId: 'bj-haidian-service-center',
      deliveryId: 'd-hd-2026',
      kind: 'exchange',
      items: [{ productId: 'bgy-20', quantity: 100 }],
      reason: '椅子颜色与合同不符',
    };
    const first = await submitted(body);
    expect((await submit(body)).status).toBe(422);

    const rejected = await step(first.id, { action: 'reject', reason: '颜色符合合同约定' }, tokens.cs);

    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect((await tally('d-hd-2026'))['units#bgy-20']).toBe(0);
    const again = await submit(body);
    expect(again.status).toBe(201);
    expect((await tally('d-hd-2026'))['units#bgy-20']).toBe(100);
  });
});

describe('office scope', () => {
  let bjReturn: ReturnBody;
  beforeAll(async () => {
    bjReturn = await submitted(aReturn());
  });

  it("gives another office's user 404 on read and on every step, and changes nothing", async () => {
    const before = await everything(api);

    const read = await api.request('GET', `/v1/returns/${bjReturn.id}`, { token: tokens.gz });
    const act = await step(bjReturn.id, { action: 'receive' }, tokens.gz);

    expect([read.status, act.status]).toEqual([404, 404]);
    expect(await everything(api)).toEqual(before);
  });

  it("refuses another office's list with 403", async () => {
    const response = await api.request('GET', '/v1/returns?officeId=bj', { token: tokens.gz });

    expect(response.status).toBe(403);
  });

  it("cannot submit for another office's customer, and nothing is stored", async () => {
    const before = await everything(api);

    const response = await submit(aReturn(), tokens.gz);

    expect(response.status).toBe(404);
    expect(await everything(api)).toEqual(before);
  });

  it('leaves approval to head office: an office user gets 403', async () => {
    const response = await step(bjReturn.id, { action: 'approve', reason: '同意' }, tokens.bj);

    expect(response.status).toBe(403);
  });
});

describe('transitions', () => {
  it('refuses an illegal step with 409 and its own title, writing nothing', async () => {
    const created = await submitted(aReturn());
    const before = await everything(api);

    const response = await api.request<Problem>('POST', `/v1/returns/${created.id}/transitions`, {
      token: tokens.bj,
      headers: { 'accept-language': 'en' },
      body: { action: 'receive' },
    });

    expect(response.status).toBe(409);
    expect(response.body.title).toBe('This return is at status submitted; receive is not possible now');
    expect(await everything(api)).toEqual(before);
  });

  it('refuses a refund for an exchange with 409', async () => {
    const created = await submitted(aReturn({ kind: 'exchange' }));
    await step(created.id, { action: 'approve', reason: '同意' }, tokens.cs);
    await step(created.id, { action: 'receive' }, tokens.bj);
    await step(created.id, { action: 'inspect', outcome: 'confirmed', findings: '属实' }, tokens.bj);

    const response = await step(created.id, { action: 'recordRefund', amount: 100 }, tokens.cs);

    expect(response.status).toBe(409);
  });

  it('refuses a stale If-Match with 412, writing nothing', async () => {
    const created = await submitted(aReturn());
    await step(created.id, { action: 'approve', reason: '同意' }, tokens.cs, { 'If-Match': '"1"' });
    const before = await everything(api);

    const response = await step(created.id, { action: 'receive' }, tokens.bj, { 'If-Match': '"1"' });

    expect(response.status).toBe(412);
    expect(await everything(api)).toEqual(before);
  });

  it('records a refund for a return and closes it', async () => {
    const created = await submitted(aReturn());
    for (const body of [
      { action: 'approve', reason: '同意退货' },
      { action: 'receive', receivedOn: '2026-01-05' },
      { action: 'inspect', outcome: 'confirmed', findings: '属实' },
      { action: 'recordRefund', amount: 1280.5, paymentReference: 'FK-001' },
      { action: 'close' },
    ]) {
      expect((await step(created.id, body, tokens.cs)).status).toBe(200);
    }
    const detail = await api.request<ReturnBody & Record<string, unknown>>(
      'GET',
      `/v1/returns/${created.id}`,
      {
        token: tokens.cs,
      },
    );
    expect(detail.body).toMatchObject({
      status: 'closed',
      receivedOn: '2026-01-05',
      refund: { amount: 1280.5, paymentReference: 'FK-001' },
    });
  });
});
