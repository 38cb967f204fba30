import { shanghaiDate } from '../../shared/calendar/plain-date.ts';
import { aComplaint, aServiceRequest, aSubmitter } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// Read by the handlers on first use, after this file's imports: the console's origin may read responses.
const consoleOrigin = 'https://console.example.cn';
process.env.ALLOWED_ORIGINS = consoleOrigin;

interface CaseSummary {
  id: string;
  reference: string;
  status: string;
  channel: string;
  receivedAt: string;
  organization: string;
  officeId?: string;
  customerId?: string;
  title: string;
}
interface Problem {
  status: number;
  type: string;
  errors?: { field: string; code: string }[];
}

/** A CSV response as bytes: `Response.text()` would drop the BOM this test looks for. */
interface CsvResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  /** Decoded, the BOM kept as U+FEFF. */
  text: string;
  url: string;
}

let api: TestRuntime;
let staff: string;
beforeAll(async () => {
  api = await startTestRuntime();
  staff = await api.token('customer-service');
});
afterAll(async () => api.stop());

async function download(
  path: string,
  options: { token?: string; language?: string; origin?: string } = { token: '' },
): Promise<CsvResponse> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? staff : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.language) headers['accept-language'] = options.language;
  if (options.origin) headers.origin = options.origin;
  const url = `${api.url}${path}`;
  const response = await fetch(url, { headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8'), url };
}
const csv = (path: string, language?: string) => download(path, language ? { language } : {});

/** RFC 4180, strictly: records end with CRLF; a bare line break only inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error('the last record is not ended by CRLF');
  return rows;
}

/** The records of a CSV document (BOM and header first) as objects keyed by the header. */
function records(text: string): Record<string, string>[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header = [], ...rows] = parseCsv(text.slice(1));
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

async function recorded(path: string, body: Record<string, unknown>): Promise<string> {
  const response = await api.request<{ id: string }>('POST', path, { body, token: staff });
  if (response.status !== 201) throw new Error(`could not submit: ${response.text}`);
  return response.body.id;
}

/** Phone complaints Customer Service recorded in May 2026, which only this file lists. */
const may = 'from=2026-05-01&to=2026-05-31';
const organizations = [
  '北京市"第一"中学, 东校区',
  '=HYPERLINK("http://evil.example","点我")',
  '上海市示例小学',
];
let complaintIds: string[];

beforeAll(async () => {
  complaintIds = [];
  for (const [i, organization] of organizations.entries())
    complaintIds.push(
      await recorded(
        '/v1/complaints',
        aComplaint({
          submitter: aSubmitter({ organization }),
          product: { category: 'furniture', name: `学生课桌椅 KZY-0${i + 1}, "加高"款` },
          channel: 'phone',
          receivedAt: `2026-05-1${i + 1}T10:00:00+08:00`,
          problemDate: `2026-05-1${i + 1}`,
        }),
      ),
    );
});

describe('GET /v1/complaints?format=csv', () => {
  it('is a UTF-8 CSV file with BOM, named after the list and the Shanghai day, for Excel', async () => {
    const before = shanghaiDate(new Date());
    const response = await csv(`/v1/complaints?format=csv&${may}`);
    const after = shanghaiDate(new Date());

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([before, after].map((day) => `attachment; filename="complaints-${day}.csv"`)).toContain(
      response.headers.get('content-disposition'),
    );
    expect([...response.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.text).toMatch(/^\uFEFF编号,接收时间,状态,渠道,单位,摘要,/);
    expect(response.text.endsWith('\r\n')).toBe(true);
  });

  it('has one row per stored complaint, as the JSON list has them, text with commas and quotes intact', async () => {
    const json = await api.request<{ items: CaseSummary[] }>('GET', `/v1/complaints?${may}`, {
      token: staff,
    });
    const rows = records((await csv(`/v1/complaints?format=csv&${may}`)).text);

    expect(json.body.items.map((item) => item.id).sort()).toEqual([...complaintIds].sort());
    expect(rows).toEqual(
      json.body.items.map((item) => ({
        编号: item.reference,
        接收时间: item.receivedAt,
        状态: item.status,
        渠道: 'phone',
        单位: item.organization.startsWith('=') ? `'${item.organization}` : item.organization,
        摘要: item.title,
        办事处: item.officeId ?? '',
        客户编号: item.customerId ?? '',
        类型: '投诉',
        系统编号: item.id,
      })),
    );
    expect(rows.map((row) => row.单位)).toEqual(
      [...organizations].reverse().map((o) => (o.startsWith('=') ? `'${o}` : o)),
    );
    expect(rows[2]?.摘要).toBe('学生课桌椅 KZY-01, "加高"款 · B2025-031');
  });

  it('defuses a formula a submitter typed: the cell starts with an apostrophe', async () => {
    const response = await csv(`/v1/complaints?format=csv&${may}`);

    expect(response.text).toContain(`,"'=HYPERLINK(""http://evil.example"",""点我"")",`);
  });

  it('names the columns in English for Accept-Language: en', async () => {
    const response = await csv(`/v1/complaints?format=csv&${may}`, 'en-US,en;q=0.9');

    expect(response.text).toMatch(/^\uFEFFReference,Received at,Status,Channel,Organisation,Summary,/);
    expect(records(response.text).map((row) => row.Kind)).toEqual(['complaint', 'complaint', 'complaint']);
  });

  it('pages with limit: the next page is in X-Next-Cursor and Link, and the pages concatenated are the whole export', async () => {
    // The complaints' workflows move their status in the background: compare pages taken while the
    // whole export stayed the same (the same export before and after them).
    const wholeExport = () => csv(`/v1/complaints?format=csv&${may}&limit=100`);
    let whole = await wholeExport();
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const again = await wholeExport();
      if (again.bytes.equals(whole.bytes)) break;
      whole = again;
    }
    const first = await csv(`/v1/complaints?format=csv&${may}&limit=2`);
    const cursor = first.headers.get('x-next-cursor');
    const link = first.headers.get('link') ?? '';

    expect(cursor).toBeTruthy();
    expect(link).toMatch(/^<\?[^>]+>; rel="next"$/);
    const next = new URL(link.slice(1, link.indexOf('>')), first.url);
    expect(Object.fromEntries(next.searchParams)).toEqual({
      format: 'csv',
      from: '2026-05-01',
      to: '2026-05-31',
      limit: '2',
      cursor,
      header: 'false',
    });
    expect(records(first.text)).toHaveLength(2);

    const second = await csv(`${next.pathname}${next.search}`);

    expect(second.status).toBe(200);
    expect(second.bytes[0]).not.toBe(0xef);
    expect(second.headers.get('x-next-cursor')).toBeNull();
    expect(second.headers.get('link')).toBeNull();
    expect(Buffer.concat([first.bytes, second.bytes]).equals(whole.bytes)).toBe(true);
  });

  it('refuses another format with a 400 naming query.format, as problem+json', async () => {
    const response = await api.request<Problem>('GET', `/v1/complaints?format=xml`, { token: staff });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'query.format', code: 'invalid_option' }),
    ]);
  });

  it('refuses a header parameter without format=csv, as any unknown query field', async () => {
    const response = await api.request<Problem>('GET', `/v1/complaints?header=false`, { token: staff });

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'query.header' })]);
  });

  it('answers 401 problem+json, not CSV, without a token', async () => {
    const response = await download(`/v1/complaints?format=csv`, { token: '' });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('content-disposition')).toBeNull();
  });

  it('lets the console on its own origin read the file name and the next page', async () => {
    const response = await download(`/v1/complaints?format=csv&${may}&limit=2`, { origin: consoleOrigin });

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['Content-Disposition', 'X-Next-Cursor', 'Link', 'ETag']));
  });
});

describe('other lists and reports as CSV', () => {
  it('quotes a line break inside a cell: a service request whose problem spans lines', async () => {
    const id = await recorded(
      '/v1/service-requests',
      aServiceRequest({
        channel: 'phone',
        receivedAt: '2026-04-02T10:00:00+08:00',
        problem: '抽屉卡住，\r\n拉不开',
      }),
    );
    const json = await api.request<{ items: CaseSummary[] }>(
      'GET',
      '/v1/service-requests?from=2026-04-01&to=2026-04-30',
      { token: staff },
    );

    const response = await csv('/v1/service-requests?format=csv&from=2026-04-01&to=2026-04-30');

    const rows = records(response.text);
    expect(rows.map((row) => row.系统编号)).toEqual([id]);
    expect(rows[0]?.摘要).toBe(json.body.items[0]?.title);
    expect(rows[0]?.摘要).toContain('\n');
  });

  it('exports a list without paging (the offices) whole', async () => {
    const json = await api.request<{ items: { id: string; name: string }[] }>('GET', '/v1/offices', {
      token: staff,
    });

    const response = await csv('/v1/offices?format=csv');

    expect(response.status).toBe(200);
    expect(response.headers.get('x-next-cursor')).toBeNull();
    expect(records(response.text).map((row) => [row.办事处, row.名称])).toEqual(
      json.body.items.map((office) => [office.id, office.name]),
    );
  });

  it('exports the satisfaction report one group a row and the total, as its JSON has them', async () => {
    const query = 'from=2026-01&to=2026-06&groupBy=month';
    const json = await api.request<{
      groups: { key: string; csat: { sent: number } }[];
      total: { csat: { sent: number } };
    }>('GET', `/v1/reports/satisfaction?${query}`, { token: staff });

    const response = await csv(`/v1/reports/satisfaction?format=csv&${query}`, 'en');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /filename="satisfaction-report-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const rows = records(response.text);
    expect(rows.map((row) => row.Group)).toEqual([...json.body.groups.map((group) => group.key), 'Total']);
    expect(rows.map((row) => Number(row['CSAT sent']))).toEqual([
      ...json.body.groups.map((group) => group.csat.sent),
      json.body.total.csat.sent,
    ]);
  });

  it('refuses format=csv on a route without an export with a 400 naming query.format', async () => {
    const response = await api.request<Problem>('GET', `/v1/complaints/${complaintIds[0]}?format=csv`, {
      token: staff,
    });

    expect(response.status).toBe(400);
    expect(response.body.type).toBe('/v1/docs#problem-export-format');
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'query.format', code: 'not_exportable' }),
    ]);
  });
});
