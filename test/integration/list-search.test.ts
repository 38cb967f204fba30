import { randomUUID } from 'node:crypto';
import {
  aComplaint,
  aCustomer,
  anInquiry,
  aServiceRequest,
  aSubmitter,
  uniqueEmail,
} from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { statusOf } from '../support/workflow.ts';

interface Item {
  id: string;
  reference?: string;
  organization: string;
}
interface Page {
  items: Item[];
  nextCursor?: string;
}
interface Problem {
  status: number;
  errors: { field: string }[];
}

let api: TestRuntime;
let staff: string;
beforeAll(async () => {
  api = await startTestRuntime();
  staff = await api.token('customer-service');
});
afterAll(async () => api.stop());

/** A word no other test (or the seed) uses, so a search finds only what this test made. */
const unique = (prefix: string) => `${prefix}${randomUUID().slice(0, 6).toUpperCase()}`;

const search = (path: string, query: Record<string, string>, token = staff) =>
  api.request<Page>('GET', `${path}?${new URLSearchParams(query)}`, { token });

async function submitted(path: string, body: Record<string, unknown>, token?: string): Promise<Item> {
  const response = await api.request<Item>('POST', path, { body, ...(token ? { token } : {}) });
  if (response.status !== 201) throw new Error(`could not submit: ${response.text}`);
  return response.body;
}

/** Every item of a search, page after page (`limit` 1: most pages are filtered empty). */
async function allPages(
  path: string,
  query: Record<string, string>,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const response = await search(path, { ...query, limit: '1', ...(cursor ? { cursor } : {}) });
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(1);
    ids.push(...response.body.items.map((item) => item.id));
    cursor = response.body.nextCursor;
    pages += 1;
  } while (cursor && pages < 200);
  return { ids, pages };
}

describe('GET /v1/complaints?q=', () => {
  it('finds complaints by product model in any case and width, and no others', async () => {
    const model = unique('XQ');
    const match = await submitted(
      '/v1/complaints',
      aComplaint({ product: { category: 'furniture', name: `学生课桌 ${model}-77` } }),
    );
    const other = await submitted('/v1/complaints', aComplaint());

    const lower = await search('/v1/complaints', { q: `${model.toLowerCase()}-77`, limit: '100' });
    // Full-width letters and digits, as a Chinese input method types them.
    const fullWidth = await search('/v1/complaints', {
      q: model.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
      limit: '100',
    });

    expect(lower.status).toBe(200);
    expect(lower.body.items.map((item) => item.id)).toEqual([match.id]);
    expect(fullWidth.body.items.map((item) => item.id)).toEqual([match.id]);
    expect(lower.body.items.map((item) => item.id)).not.toContain(other.id);
  });

  it('finds a complaint by its reference typed in lower case, and by its organisation and contact', async () => {
    const organization = `${unique('示例')}中学`;
    const contactName = unique('Zhao');
    const complaint = await submitted(
      '/v1/complaints',
      aComplaint({ submitter: aSubmitter({ organization, contactName }) }),
    );

    const byReference = await search('/v1/complaints', {
      q: String(complaint.reference).toLowerCase(),
      limit: '100',
    });
    const byOrganization = await search('/v1/complaints', { q: organization.slice(0, 8), limit: '100' });
    const byContact = await search('/v1/complaints', { q: contactName.toUpperCase(), limit: '100' });

    expect(byReference.body.items.map((item) => item.id)).toEqual([complaint.id]);
    expect(byOrganization.body.items.map((item) => item.id)).toEqual([complaint.id]);
    expect(byContact.body.items.map((item) => item.id)).toEqual([complaint.id]);
  });

  it('stores what a case is found by, folded, on the case itself', async () => {
    const model = unique('Kzy');
    const complaint = await submitted(
      '/v1/complaints',
      aComplaint({ product: { category: 'furniture', name: `课桌 ${model}` } }),
    );

    const item = await api.item(`CASE#${complaint.id}`, 'CASE');

    expect(String(item?.searchText)).toContain(model.toLowerCase());
    expect(String(item?.searchText)).toContain(String(complaint.reference).toLowerCase());
    const view = await api.request<Record<string, unknown>>('GET', `/v1/complaints/${complaint.id}`, {
      token: staff,
    });
    expect(view.body).not.toHaveProperty('searchText');
  });

  it('pages through a search: pages may come back short or empty, the cursor goes on to every match', async () => {
    const batch = unique('Lot');
    const first = await submitted(
      '/v1/complaints',
      aComplaint({ product: { category: 'furniture', name: `椅 ${batch}` } }),
    );
    await submitted('/v1/complaints', aComplaint());
    const second = await submitted(
      '/v1/complaints',
      aComplaint({ product: { category: 'furniture', name: `桌 ${batch}` } }),
    );

    const { ids, pages } = await allPages('/v1/complaints', { q: batch.toLowerCase() });

    expect(ids).toEqual([second.id, first.id]);
    expect(pages).toBeGreaterThan(ids.length);
  });

  it('combines the search with the other filters', async () => {
    const word = unique('Combo');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const complaint = await submitted(
      '/v1/complaints',
      aComplaint({ product: { category: 'furniture', name: `柜 ${word}` } }),
    );

    // The investigation stays open: the status is stable once the workflow has reached it.
    await statusOf(api, complaint.id, 'INVESTIGATING');

    const investigating = await search('/v1/complaints', { q: word, status: 'INVESTIGATING', limit: '100' });
    const archived = await search('/v1/complaints', { q: word, status: 'ARCHIVED', limit: '100' });
    const fromToday = await search('/v1/complaints', { q: word, from: today, limit: '100' });
    const otherCustomer = await search('/v1/complaints', {
      q: word,
      customerId: 'sh-education-bureau',
      limit: '100',
    });

    expect(investigating.body.items.map((item) => item.id)).toEqual([complaint.id]);
    expect(archived.body.items).toEqual([]);
    expect(fromToday.body.items.map((item) => item.id)).toEqual([complaint.id]);
    expect(otherCustomer.body.items).toEqual([]);
  });

  it("never shows an office user another office's case, whatever the search", async () => {
    const word = unique('Scope');
    const body = (officeId: string) =>
      aComplaint({ channel: 'phone', officeId, product: { category: 'furniture', name: `桌 ${word}` } });
    const beijing = await submitted('/v1/complaints', body('bj'), staff);
    await submitted('/v1/complaints', body('sh'), staff);
    const office = await api.token('office', { office: 'bj' });

    const response = await search('/v1/complaints', { q: word, limit: '100' }, office);

    expect(response.status).toBe(200);
    expect(response.body.items.map((item) => item.id)).toEqual([beijing.id]);
  });

  it('refuses a search term longer than 100 characters or blank, naming query.q', async () => {
    for (const q of ['x'.repeat(101), '   ']) {
      const response = await api.request<Problem>('GET', `/v1/complaints?q=${encodeURIComponent(q)}`, {
        token: staff,
      });
      expect(response.status).toBe(422);
      expect(response.body.errors.map((error) => error.field)).toEqual(['query.q']);
    }
  });
});

describe.each([
  ['/v1/inquiries', (word: string) => anInquiry({ topic: `课桌高度 ${word}` })],
  ['/v1/service-requests', (word: string) => aServiceRequest({ problem: `桌面开裂 ${word}` })],
])('GET %s?q=', (path, build) => {
  it('finds the case by its title, in any case', async () => {
    const word = unique('Find');
    const match = await submitted(path, build(word));
    await submitted(path, build(unique('Other')));

    const response = await search(path, { q: word.toLowerCase(), limit: '100' });

    expect(response.status).toBe(200);
    expect(response.body.items.map((item) => item.id)).toEqual([match.id]);
  });
});

describe('GET /v1/customers?q=', () => {
  const created = async (overrides: Record<string, unknown>) => {
    const response = await api.request<Item>('POST', '/v1/customers', {
      body: aCustomer(overrides),
      token: staff,
      headers: { 'Idempotency-Key': randomUUID() },
    });
    if (response.status !== 201) throw new Error(`could not create: ${response.text}`);
    return response.body;
  };

  it("finds customers by organisation, id and a contact's name, phone or email, in any case", async () => {
    const name = unique('Academy');
    const email = uniqueEmail('Wang.Li');
    const customer = await created({
      organization: `Springfield ${name}`,
      contacts: [{ name: `王力 ${name}`, phone: '020-5555 0101', email, primary: true }],
    });
    await created({ organization: `Shelbyville ${unique('School')}` });

    const queries = [
      name.toLowerCase(),
      `SPRINGFIELD ${name}`,
      email.toUpperCase(),
      customer.id.toUpperCase(),
    ];
    for (const q of queries) {
      const response = await search('/v1/customers', { q, limit: '100' });
      expect(response.status).toBe(200);
      expect(response.body.items.map((item) => item.id)).toEqual([customer.id]);
    }
    const item = await api.item(`CUSTOMER#${customer.id}`, 'PROFILE');
    expect(String(item?.searchText)).toContain(email.toLowerCase());
  });

  it('searches within the office and tier asked for, and office users within their own office', async () => {
    const word = unique('Region');
    const guangzhou = await created({ organization: `${word} 广州学校`, officeId: 'gz', tier: 'key' });
    const beijing = await created({ organization: `${word} 北京学校`, officeId: 'bj', tier: 'regular' });
    const office = await api.token('office', { office: 'bj' });

    const inGuangzhou = await search('/v1/customers', { q: word, officeId: 'gz', limit: '100' });
    const keyAccounts = await search('/v1/customers', { q: word, tier: 'key', limit: '100' });
    const asBeijingOffice = await search('/v1/customers', { q: word, limit: '100' }, office);

    expect(inGuangzhou.body.items.map((item) => item.id)).toEqual([guangzhou.id]);
    expect(keyAccounts.body.items.map((item) => item.id)).toEqual([guangzhou.id]);
    expect(asBeijingOffice.body.items.map((item) => item.id)).toEqual([beijing.id]);
  });

  it('pages through a customer search to every match', async () => {
    const word = unique('Paged');
    const a = await created({ organization: `${word} 甲` });
    const b = await created({ organization: `${word} 乙` });

    const { ids } = await allPages('/v1/customers', { q: word.toLowerCase() });

    expect(ids.sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses a search term longer than 100 characters, naming query.q', async () => {
    const response = await api.request<Problem>('GET', `/v1/customers?q=${'y'.repeat(101)}`, {
      token: staff,
    });

    expect(response.status).toBe(422);
    expect(response.body.errors.map((error) => error.field)).toEqual(['query.q']);
  });
});
