import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

interface Item {
  productName: string;
  quantity: number;
  status: string;
  basis: string;
  coverageStartsOn: string;
  freeRepairEndsOn: string;
  message: string;
}
interface Lookup {
  orderRef: string;
  asOf: string;
  deliveries: {
    deliveryId: string;
    batch: string;
    organization?: string;
    customerId?: string;
    items: Item[];
  }[];
}
interface Problem {
  type: string;
  title: string;
  status: number;
  requestId: string;
}

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(async () => api.stop());

/** Today in Shanghai, worked out here rather than by the code under test. */
const todayInShanghai = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
/** The demo seed (local/seed.ts): free repair ends the day before the second anniversary of acceptance/delivery. */
const expectedStatus = (endsOn: string) => (todayInShanghai() <= endsOn ? 'free' : 'chargeable');

const lookUp = (query: Record<string, string>, options: { token?: string; language?: string } = {}) =>
  api.request<Lookup>('GET', `/v1/warranty?${new URLSearchParams(query)}`, {
    ...(options.token ? { token: options.token } : {}),
    headers: { 'accept-language': options.language ?? 'zh-CN' },
  });

/** A problem body without its per-request id. */
const withoutRequestId = (body: unknown) => {
  const { requestId, ...rest } = body as Problem;
  return rest;
};

describe('the warranty look-up for staff', () => {
  it('shows every delivered item of the order with its free-repair end date and status', async () => {
    const response = await lookUp(
      { orderRef: 'HT-2025-BJ-001' },
      { token: await api.token('customer-service') },
    );

    expect(response.status).toBe(200);
    expect(response.body.asOf).toBe(todayInShanghai());
    const [delivery] = response.body.deliveries;
    expect(response.body.deliveries).toHaveLength(1);
    expect(delivery).toMatchObject({
      deliveryId: 'd-bj1-2025',
      batch: 'B2025-031',
      customerId: 'bj-no1-school',
    });
    // Accepted 2025-03-20: free repair up to and including 2027-03-19.
    expect(delivery?.items).toEqual([
      expect.objectContaining({
        productName: '学生课桌椅 KZY-01',
        quantity: 600,
        basis: 'acceptance',
        coverageStartsOn: '2025-03-20',
        freeRepairEndsOn: '2027-03-19',
        status: expectedStatus('2027-03-19'),
        message: '在 2 年免费保修期内：免费维修',
      }),
      expect.objectContaining({ productName: '钢制文件柜 WJG-05', freeRepairEndsOn: '2027-03-19' }),
    ]);
  });

  it('shows chargeable maintenance once the two years are over, in English when asked', async () => {
    const response = await lookUp(
      { orderRef: 'HT-2023-SH-017' },
      { token: await api.token('quality'), language: 'en' },
    );

    expect(response.status).toBe(200);
    const items = response.body.deliveries.flatMap((d) => d.items);
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item).toMatchObject({ freeRepairEndsOn: '2025-09-07', status: expectedStatus('2025-09-07') });
    }
    expect(items[0]?.status).toBe('chargeable');
    expect(items[0]?.message).toMatch(/Past the 2-year free warranty/);
  });

  it('counts from the delivery day when there was no acceptance', async () => {
    const response = await lookUp({ orderRef: 'HT-2024-GZ-044' }, { token: await api.token('manager') });

    expect(response.status).toBe(200);
    expect(response.body.deliveries[0]?.items[0]).toMatchObject({
      basis: 'delivery',
      coverageStartsOn: '2024-12-02',
      freeRepairEndsOn: '2026-12-01',
      status: expectedStatus('2026-12-01'),
    });
  });

  it('narrows to the batch when one is given, and a batch of another order is 404', async () => {
    const token = await api.token('admin');

    const same = await lookUp({ orderRef: 'HT-2025-BJ-001', batch: 'B2025-031' }, { token });
    const other = await lookUp({ orderRef: 'HT-2025-BJ-001', batch: 'B2023-112' }, { token });

    expect(same.status).toBe(200);
    expect(other.status).toBe(404);
  });

  it("lets an office user see their own office's orders, and not another office's (404)", async () => {
    const bjOffice = await api.token('office', { office: 'bj' });

    const own = await lookUp({ orderRef: 'HT-2025-BJ-001' }, { token: bjOffice });
    const other = await lookUp({ orderRef: 'HT-2023-SH-017' }, { token: bjOffice });

    expect(own.status).toBe(200);
    expect(other.status).toBe(404);
  });
});

describe('the public warranty look-up', () => {
  it("answers with the customer's phone, however it is typed", async () => {
    const response = await lookUp({ orderRef: 'HT-2025-BJ-001', phone: ' 010 65123456 ' });

    expect(response.status).toBe(200);
    expect(response.body.deliveries[0]?.items[0]?.freeRepairEndsOn).toBe('2027-03-19');
    // Staff-only fields stay out of the public answer.
    expect(response.body.deliveries[0]).not.toHaveProperty('organization');
    expect(response.body.deliveries[0]).not.toHaveProperty('customerId');
  });

  it("answers with the customer's email, in any case", async () => {
    const response = await lookUp({ orderRef: 'HT-2023-SH-017', email: 'Li.Na@SH-EDU.example.cn' });

    expect(response.status).toBe(200);
    expect(response.body.deliveries.flatMap((d) => d.items)).toHaveLength(2);
  });

  it('answers a wrong phone with exactly the 404 of an unknown order', async () => {
    const wrongPhone = await lookUp({ orderRef: 'HT-2025-BJ-001', phone: '010-6512 9999' });
    const otherCustomersEmail = await lookUp({
      orderRef: 'HT-2025-BJ-001',
      email: 'li.na@sh-edu.example.cn',
    });
    const unknownOrder = await lookUp({ orderRef: 'HT-1999-XX-000', phone: '010-6512 3456' });

    expect(unknownOrder.status).toBe(404);
    expect(wrongPhone.status).toBe(404);
    expect(otherCustomersEmail.status).toBe(404);
    expect(withoutRequestId(wrongPhone.body)).toEqual(withoutRequestId(unknownOrder.body));
    expect(withoutRequestId(otherCustomersEmail.body)).toEqual(withoutRequestId(unknownOrder.body));
    expect(Object.keys(wrongPhone.body).sort()).toEqual(['requestId', 'status', 'title', 'type']);
  });

  it('asks for a phone or an email (422) before it looks anything up', async () => {
    const known = await lookUp({ orderRef: 'HT-2025-BJ-001' });
    const unknown = await lookUp({ orderRef: 'HT-1999-XX-000' });

    expect(known.status).toBe(422);
    expect(withoutRequestId(known.body)).toEqual(withoutRequestId(unknown.body));
  });

  it('treats a staff token of a role without access as a public caller', async () => {
    const production = await api.token('production');

    const withoutContact = await lookUp({ orderRef: 'HT-2025-BJ-001' }, { token: production });
    const withContact = await lookUp(
      { orderRef: 'HT-2025-BJ-001', email: 'zhang.wei@bj1school.example.cn' },
      { token: production },
    );

    expect(withoutContact.status).toBe(422);
    expect(withContact.status).toBe(200);
  });
});
