import { verifyChain } from '../../shared/domain/hash-chain.ts';
import { eventFromItem } from '../../shared/store/audit.ts';
import { aComplaint, aCustomer, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

interface Contact {
  name: string;
  title?: string;
  phone?: string;
  email?: string;
  primary: boolean;
}
interface Customer {
  id: string;
  organization: string;
  contacts: Contact[];
  officeId: string;
  tier: string;
  version: number;
}
interface CustomerView extends Customer {
  deliveries: { id: string; orderRef: string }[];
  timeline: { seq: number; type: string; data: Record<string, unknown> }[];
}
interface Problem {
  status: number;
  errors?: { field: string; code: string }[];
}

let api: TestRuntime;
let staff: string;
beforeAll(async () => {
  api = await startTestRuntime();
  staff = await api.token('customer-service');
});
afterAll(async () => api.stop());

const profile = (id: string) => api.item(`CUSTOMER#${id}`, 'PROFILE');
const events = async (id: string) =>
  (await api.partition(`CUSTOMER#${id}`)).filter((item) => item.entityType === 'event');

async function created(overrides: Record<string, unknown> = {}): Promise<Customer> {
  const response = await api.request<Customer>('POST', '/v1/customers', {
    token: staff,
    body: aCustomer(overrides),
  });
  if (response.status !== 201) throw new Error(`could not create: ${response.text}`);
  return response.body;
}

/** Submits a public complaint from `email` and returns the case id. */
async function complaintFrom(email: string): Promise<string> {
  const response = await api.request<{ id: string }>('POST', '/v1/complaints', {
    body: aComplaint({ submitter: aSubmitter({ email }) }),
  });
  if (response.status !== 201) throw new Error(`complaint refused: ${response.status} ${response.text}`);
  return response.body.id;
}

const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  api.request<Customer & Problem>('PATCH', `/v1/customers/${id}`, { token: staff, body, headers });

describe('POST /v1/customers', () => {
  it('stores the customer at version 1 with a first audit event', async () => {
    const email = uniqueEmail('zhao');
    const body = aCustomer({
      contacts: [{ name: '赵敏', phone: '020-8888 0000', email, primary: true }],
      tier: 'key',
    });

    const response = await api.request<Customer>('POST', '/v1/customers', { token: staff, body });

    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('location')).toBe(`/v1/customers/${response.body.id}`);
    const { id } = response.body;
    expect(await profile(id)).toMatchObject({ ...body, id, version: 1 });
    const [event, ...more] = await events(id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      seq: 1,
      type: 'customer.created',
      actor: { kind: 'staff', roles: ['customer-service'] },
      data: { organization: body.organization, tier: 'key' },
    });
    expect(await api.partition(`EMAIL#${email}`)).toEqual([expect.objectContaining({ customerId: id })]);
  });

  it('refuses a customer without contacts', async () => {
    const response = await api.request<Problem>('POST', '/v1/customers', {
      token: staff,
      body: aCustomer({ contacts: [] }),
    });

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'contacts', code: 'too_few' })]);
  });

  it('refuses an office user adding a customer to another office, and stores nothing', async () => {
    const email = uniqueEmail('zhao');
    const before = await api.indexPartition('gsi2', 'CUSTOMERS');

    const response = await api.request<Problem>('POST', '/v1/customers', {
      token: await api.token('office', { office: 'bj' }),
      body: aCustomer({ officeId: 'gz', contacts: [{ name: '赵敏', email, primary: true }] }),
    });

    expect(response.status).toBe(403);
    expect(await api.indexPartition('gsi2', 'CUSTOMERS')).toHaveLength(before.length);
    expect(await api.partition(`EMAIL#${email}`)).toEqual([]);
  });

  it('lets an office user add a customer to their own office', async () => {
    const response = await api.request<Customer>('POST', '/v1/customers', {
      token: await api.token('office', { office: 'bj' }),
      body: aCustomer({ officeId: 'bj' }),
    });

    expect(response.status).toBe(201);
    expect(await profile(response.body.id)).toMatchObject({ officeId: 'bj' });
  });
});

describe('GET /v1/customers/{id}', () => {
  it('returns the customer with its deliveries, audit timeline and version as ETag', async () => {
    const response = await api.request<CustomerView>('GET', '/v1/customers/bj-no1-school', { token: staff });

    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${response.body.version}"`);
    expect(response.body).toMatchObject({ id: 'bj-no1-school', officeId: 'bj', tier: 'key' });
    expect(response.body.deliveries).toEqual([
      expect.objectContaining({ id: 'd-bj1-2025', orderRef: 'HT-2025-BJ-001' }),
    ]);
    expect(response.body.timeline[0]).toMatchObject({ seq: 1, type: 'customer.created' });
  });

  it('answers 404 for a customer that does not exist', async () => {
    const response = await api.request<Problem>('GET', '/v1/customers/no-such-customer', { token: staff });

    expect(response.status).toBe(404);
  });
});

describe('PATCH /v1/customers/{id}', () => {
  it('changes the tier and a contact, and audits exactly what changed', async () => {
    const customer = await created({ tier: 'regular' });
    const [contact] = customer.contacts as [Contact];
    const contacts = [{ ...contact, phone: '020-8888 9999' }];

    const response = await patch(customer.id, { tier: 'key', contacts }, { 'if-match': '"1"' });

    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
    expect(response.body).toMatchObject({ version: 2, tier: 'key', contacts });
    expect(await profile(customer.id)).toMatchObject({ version: 2, tier: 'key', contacts });
    const trail = await events(customer.id);
    expect(trail.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
    expect(trail[1]?.data).toEqual({
      changes: {
        tier: { from: 'regular', to: 'key' },
        contacts: { from: customer.contacts, to: contacts },
      },
    });
    expect(verifyChain(`CUSTOMER#${customer.id}`, trail.map(eventFromItem))).toEqual({ intact: true });
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const customer = await created({ tier: 'regular' });
    await patch(customer.id, { tier: 'key' }, { 'if-match': '"1"' });
    const before = await profile(customer.id);

    const response = await patch(customer.id, { region: '广东省另一市' }, { 'if-match': '"1"' });

    expect(response.status).toBe(412);
    expect(await profile(customer.id)).toEqual(before);
    expect(await events(customer.id)).toHaveLength(2);
  });

  it('answers 200 to a patch that changes nothing, and writes no event', async () => {
    const customer = await created({ tier: 'regular', region: '广东省示例市' });
    const before = await profile(customer.id);

    const response = await patch(customer.id, { tier: 'regular', region: '广东省示例市' });

    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body.version).toBe(1);
    expect(await profile(customer.id)).toEqual(before);
    expect(await events(customer.id)).toHaveLength(1);
  });

  it('treats contacts sent back as they are as no change', async () => {
    const customer = await created({
      contacts: [
        { name: '赵敏', title: '后勤主任', phone: '020-8888 0000', email: uniqueEmail(), primary: true },
      ],
    });

    const response = await patch(customer.id, { contacts: customer.contacts });

    expect(response.status).toBe(200);
    expect(response.body.version).toBe(1);
    expect(await events(customer.id)).toHaveLength(1);
  });

  it('refuses an empty patch with 422', async () => {
    const customer = await created();

    const response = await patch(customer.id, {});

    expect(response.status).toBe(422);
    expect(await events(customer.id)).toHaveLength(1);
  });

  it('refuses to set the version, which is read-only', async () => {
    const customer = await created();

    const response = await patch(customer.id, { version: 7 });

    expect(response.status).toBe(422);
    expect(response.body.errors).toContainEqual(
      expect.objectContaining({ field: 'version', code: 'unknown_field' }),
    );
    expect(await profile(customer.id)).toMatchObject({ version: 1 });
  });

  it('answers 404 for a customer that does not exist, and stores nothing', async () => {
    const response = await patch('no-such-customer', { tier: 'key' });

    expect(response.status).toBe(404);
    expect(await profile('no-such-customer')).toBeUndefined();
  });
});

describe('matching submissions to customers after a contact change', () => {
  it('links complaints from the new email, and no longer from the old one', async () => {
    const oldEmail = uniqueEmail('old');
    const newEmail = uniqueEmail('new');
    const customer = await created({ contacts: [{ name: '赵敏', email: oldEmail, primary: true }] });
    const changed = await patch(customer.id, {
      contacts: [{ name: '赵敏', email: newEmail, primary: true }],
    });
    expect(changed.status).toBe(200);

    const fromNew = await complaintFrom(newEmail);
    const fromOld = await complaintFrom(oldEmail);

    expect(await api.item(`CASE#${fromNew}`, 'CASE')).toMatchObject({
      customerId: customer.id,
      officeId: 'gz',
    });
    expect((await api.item(`CASE#${fromOld}`, 'CASE'))?.customerId).toBeUndefined();
  });
});

describe('GET /v1/customers', () => {
  it('lists only the key accounts of one office', async () => {
    const response = await api.request<{ items: Customer[] }>('GET', '/v1/customers?officeId=bj&tier=key', {
      token: staff,
    });

    expect(response.status).toBe(200);
    const ids = response.body.items.map((c) => c.id);
    expect(ids).toContain('bj-no1-school');
    expect(ids).not.toContain('bj-haidian-service-center');
    expect(ids).not.toContain('sh-education-bureau');
    expect(response.body.items.every((c) => c.officeId === 'bj' && c.tier === 'key')).toBe(true);
  });

  it('lists customers across offices when no office is asked for', async () => {
    const response = await api.request<{ items: Customer[] }>('GET', '/v1/customers?limit=100', {
      token: staff,
    });

    const ids = response.body.items.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'bj-no1-school',
        'sh-education-bureau',
        'gz-tianhe-primary',
        'bj-haidian-service-center',
      ]),
    );
  });
});

describe('GET /v1/offices', () => {
  it('lists the regional offices', async () => {
    const response = await api.request<{ items: { id: string }[] }>('GET', '/v1/offices', { token: staff });

    expect(response.status).toBe(200);
    expect(response.body.items.map((office) => office.id).sort()).toEqual(['bj', 'gz', 'sh']);
  });
});

describe('customers of an office that does not exist', () => {
  it('are refused with 422 naming officeId, and nothing is stored', async () => {
    const token = await api.token('admin');
    const before = await api.indexPartition('gsi1', 'CUSTOMERS#OFFICE#nowhere');
    const response = await api.request<{ errors: { field: string; code: string }[] }>(
      'POST',
      '/v1/customers',
      {
        token,
        body: aCustomer({ officeId: 'nowhere' }),
        headers: { 'accept-language': 'en' },
      },
    );

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { field: 'officeId', code: 'unknown_office', message: 'No such office' },
    ]);
    expect(await api.indexPartition('gsi1', 'CUSTOMERS#OFFICE#nowhere')).toHaveLength(before.length);
  });
});
