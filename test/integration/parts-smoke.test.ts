import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(async () => api.stop());

test('smoke: create, receive, issue FIFO, return, reconcile', async () => {
  const token = await api.token('warehouse');
  const created = await api.request('POST', '/v1/parts', {
    token,
    body: {
      partNumber: 'SMOKE-1',
      name: '气压棒',
      specification: '120 mm',
      unit: '件',
      unitCost: 35.5,
      category: 'standard',
      location: 'A-01-1',
      lowQuota: 2,
      highQuota: 10,
    },
  });
  expect(created.status).toBe(201);
  const receive = (quantity: number, unitCost: number, receivedOn: string) =>
    api.request('POST', '/v1/parts/SMOKE-1/receipts', {
      token,
      body: { quantity, unitCost, supplier: '华东五金', receivedOn, inspection: { result: 'accepted' } },
    });
  expect((await receive(3, 10.1, '2026-01-01')).status).toBe(201);
  expect((await receive(5, 20.2, '2026-02-01')).status).toBe(201);
  const issued = await api.request<{ entry: { seq: number; value: number; allocations: unknown[] } }>(
    'POST',
    '/v1/parts/SMOKE-1/issues',
    {
      token,
      body: { quantity: 4, to: { kind: 'department', departmentId: 'assembly', purpose: '设备维修' } },
    },
  );
  expect(issued.status).toBe(201);
  expect(issued.body.entry.value).toBe(-(3 * 10.1 + 20.2));
  const back = await api.request('POST', '/v1/parts/SMOKE-1/surplus-returns', {
    token,
    body: { issueSeq: issued.body.entry.seq, quantity: 2 },
  });
  expect(back.status).toBe(201);
  const part = await api.request<{
    lots: { quantity: number; unitCost: number }[];
    stock: { onHand: number };
  }>('GET', '/v1/parts/SMOKE-1', { token });
  expect(part.body.stock.onHand).toBe(6);
  const check = await api.request<{ agrees: boolean; chainIntact: boolean }>(
    'GET',
    '/v1/parts/SMOKE-1/reconcile',
    {
      token,
    },
  );
  expect(check.body).toMatchObject({ agrees: true, chainIntact: true });
  const ledger = await api.request<{ items: unknown[] }>('GET', '/v1/parts/SMOKE-1/ledger', { token });
  expect(ledger.body.items).toHaveLength(5);
});
