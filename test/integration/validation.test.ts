import { addDays, shanghaiDate } from '../../shared/calendar/plain-date.ts';
import { aComplaint, anInquiry, aServiceRequest, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { type ApiResponse, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  requestId: string;
  errors?: { field: string; code: string; message: string }[];
}

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(async () => api.stop());

const byKind = {
  '/v1/complaints': 'CASES#complaint',
  '/v1/inquiries': 'CASES#inquiry',
  '/v1/service-requests': 'CASES#serviceRequest',
} as const;
type IntakePath = keyof typeof byKind;

interface Refusal {
  readonly response: ApiResponse<Problem>;
  /** Cases of the route's kind stored while the request ran. */
  readonly casesStored: number;
  /** Emails sent to the submitter's address. */
  readonly mailsSent: number;
}

/**
 * Sends one submission (built around a fresh submitter email) that the API must refuse,
 * and reports what it answered and what it wrote meanwhile.
 */
async function attempt(
  path: IntakePath,
  send: (email: string) => Promise<ApiResponse<Problem>>,
): Promise<Refusal> {
  const email = uniqueEmail();
  const before = await api.indexPartition('gsi1', byKind[path]);
  const response = await send(email);
  const after = await api.indexPartition('gsi1', byKind[path]);
  return {
    response,
    casesStored: after.length - before.length,
    mailsSent: (await api.emailsTo(email)).length,
  };
}

const post = (path: IntakePath, options: Parameters<TestRuntime['request']>[2]) =>
  api.request<Problem>('POST', path, options);

/** POSTs raw text as JSON, exactly as given (no re-serialisation). */
const postRaw = (path: IntakePath, raw: string, headers: Record<string, string> = {}) =>
  post(path, { raw, headers: { 'content-type': 'application/json', ...headers } });

/** `field:code` of each field error, sorted, so a test reads as the list it expects. */
const fieldErrors = (response: ApiResponse<Problem>) =>
  (response.body.errors ?? []).map((e) => `${e.field}:${e.code}`).sort();

/** The refusal is a problem+json answer with this status that reveals nothing, and nothing was written. */
function expectRefused(refusal: Refusal, status: number) {
  const { response } = refusal;
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body.status).toBe(status);
  expect(response.text).not.toMatch(/\bat .+:\d+:\d+/);
  expect(response.text).not.toMatch(/dynamo/i);
  expect(refusal.casesStored).toBe(0);
  expect(refusal.mailsSent).toBe(0);
}

const shanghaiToday = () => shanghaiDate(new Date());

describe('a request body that is not a JSON object', () => {
  it('is refused with 400 when the JSON is malformed', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      postRaw(
        '/v1/complaints',
        JSON.stringify(aComplaint({ submitter: aSubmitter({ email }) })).slice(0, -1),
      ),
    );

    expectRefused(refusal, 400);
    expect(refusal.response.body.type).toBe('/v1/docs#problem-malformed-json');
  });

  it('is refused with 415 when sent as text/plain', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', {
        raw: JSON.stringify(aComplaint({ submitter: aSubmitter({ email }) })),
        headers: { 'content-type': 'text/plain' },
      }),
    );

    expectRefused(refusal, 415);
  });

  it('is refused with 413 when larger than 64 KiB', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', {
        body: aComplaint({ submitter: aSubmitter({ email }), description: '裂'.repeat(22_000) }),
      }),
    );

    expectRefused(refusal, 413);
    expect(refusal.response.body.title).toContain('65536');
  });

  it.each([
    ['a JSON array', '[{"submitter":{}}]', 'body:invalid_type'],
    ['JSON null', 'null', 'body:invalid_type'],
    ['empty', '', 'body:required'],
  ])('is refused with 422 naming the body when it is %s', async (_name, raw, expected) => {
    const refusal = await attempt('/v1/complaints', () => postRaw('/v1/complaints', raw));

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual([expected]);
  });

  it('is refused with 400 when the bytes are not UTF-8', async () => {
    const refusal = await attempt('/v1/complaints', async (email) => {
      const json = JSON.stringify(aComplaint({ submitter: aSubmitter({ email }) }));
      const [head = '', tail = ''] = json.split('测试市');
      const bytes = Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(tail)]);
      const response = await fetch(`${api.url}/v1/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array(bytes),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
    });

    expectRefused(refusal, 400);
    expect(refusal.response.body.type).toBe('/v1/docs#problem-malformed-json');
  });
});

describe('fields a submitter may not send', () => {
  it('refuses read-only fields such as status and id as unknown', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', {
        body: aComplaint({ submitter: aSubmitter({ email }), status: 'CLOSED', id: '01HACKED' }),
      }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['id:unknown_field', 'status:unknown_field']);
  });

  it('refuses a __proto__ key sent as raw JSON, and nothing gets polluted', async () => {
    const refusal = await attempt('/v1/complaints', (email) => {
      const json = JSON.stringify(aComplaint({ submitter: aSubmitter({ email }) }));
      return postRaw('/v1/complaints', `{"__proto__":{"polluted":"yes"},${json.slice(1)}`);
    });

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['__proto__:unknown_field']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a __proto__ key nested in the submitter', async () => {
    const refusal = await attempt('/v1/complaints', (email) => {
      const json = JSON.stringify(aComplaint({ submitter: aSubmitter({ email }) }));
      return postRaw(
        '/v1/complaints',
        json.replace('"submitter":{', '"submitter":{"__proto__":{"polluted":1},'),
      );
    });

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['submitter.__proto__:unknown_field']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a constructor key, and nothing gets polluted', async () => {
    const refusal = await attempt('/v1/complaints', (email) => {
      const json = JSON.stringify(aComplaint({ submitter: aSubmitter({ email }) }));
      return postRaw('/v1/complaints', `{"constructor":{"prototype":{"polluted":"yes"}},${json.slice(1)}`);
    });

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['constructor:unknown_field']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('field values', () => {
  it('names every missing required field', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', {
        body: aComplaint({ submitter: aSubmitter({ email }), batch: undefined, subject: undefined }),
      }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['batch:required', 'subject:required']);
  });

  it('treats a blank required text as missing', async () => {
    const refusal = await attempt('/v1/inquiries', (email) =>
      post('/v1/inquiries', { body: anInquiry({ submitter: aSubmitter({ email }), topic: '   ' }) }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['topic:required']);
  });

  it('refuses a quantity sent as text', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', { body: aComplaint({ submitter: aSubmitter({ email }), quantity: '3' }) }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['quantity:invalid_type']);
  });

  it('refuses a fractional quantity', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', { body: aComplaint({ submitter: aSubmitter({ email }), quantity: 1.5 }) }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['quantity:not_integer']);
  });

  it('refuses a text longer than its maximum and says the maximum', async () => {
    const refusal = await attempt('/v1/inquiries', (email) =>
      post('/v1/inquiries', {
        body: anInquiry({ submitter: aSubmitter({ email }), topic: '题'.repeat(201) }),
        headers: { 'accept-language': 'en' },
      }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['topic:too_long']);
    expect(refusal.response.body.errors?.[0]?.message).toBe('Too long: at most 200 characters');
  });

  it.each([
    ['a quantity of zero', { quantity: 0 }, 'quantity:too_small'],
    ['a quantity over a million', { quantity: 1_000_001 }, 'quantity:too_big'],
    ['a subject that is not one of the options', { subject: 'rudeness' }, 'subject:invalid_option'],
    ['a problem date that is not a calendar day', { problemDate: '2026-02-30' }, 'problemDate:invalid_date'],
    [
      'a time of receipt without an offset',
      { receivedAt: '2026-11-26 10:15' },
      'receivedAt:invalid_datetime',
    ],
  ])('refuses %s', async (_name, overrides, expected) => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', { body: aComplaint({ submitter: aSubmitter({ email }), ...overrides }) }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual([expected]);
  });

  it('refuses more than ten attachments', async () => {
    const attachments = Array.from({ length: 11 }, (_, i) => `https://files.example.cn/photo-${i}.jpg`);
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', { body: aComplaint({ submitter: aSubmitter({ email }), attachments }) }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['attachments:too_many']);
  });

  it('refuses an invalid email address', async () => {
    const refusal = await attempt('/v1/complaints', () =>
      post('/v1/complaints', { body: aComplaint({ submitter: aSubmitter({ email: 'zhang@@example' }) }) }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['submitter.email:invalid_email']);
  });

  it('refuses a javascript: URL as an attachment', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', {
        body: aComplaint({
          submitter: aSubmitter({ email }),
          attachments: ['https://files.example.cn/ok.jpg', 'javascript:alert(1)'],
        }),
      }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['attachments.1:invalid_url']);
  });

  it('refuses a control character in a text', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', {
        body: aComplaint({ submitter: aSubmitter({ email, organization: '测试\u0007中学' }) }),
      }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['submitter.organization:invalid']);
  });

  it('refuses a line break in a single-line field', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', {
        body: aComplaint({ submitter: aSubmitter({ email, contactName: '李\n老师' }) }),
      }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['submitter.contactName:invalid']);
  });

  it('accepts line breaks in a multi-line field', async () => {
    const response = await post('/v1/complaints', {
      body: aComplaint({ description: '桌面出现裂缝。\n边角翘起。' }),
    });

    expect(response.status).toBe(201);
  });

  it('refuses a problem found after today', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', {
        body: aComplaint({ submitter: aSubmitter({ email }), problemDate: addDays(shanghaiToday(), 1) }),
      }),
    );

    expectRefused(refusal, 422);
    expect(refusal.response.body.errors?.map((e) => e.field)).toEqual(['problemDate']);
  });

  it('refuses a preferred visit date before today', async () => {
    const refusal = await attempt('/v1/service-requests', (email) =>
      post('/v1/service-requests', {
        body: aServiceRequest({
          submitter: aSubmitter({ email }),
          preferredVisitDates: [addDays(shanghaiToday(), -1)],
        }),
      }),
    );

    expectRefused(refusal, 422);
    expect(refusal.response.body.errors?.map((e) => e.field)).toEqual(['preferredVisitDates.0']);
  });

  it('refuses a submitter with neither phone nor email', async () => {
    const refusal = await attempt('/v1/inquiries', () =>
      post('/v1/inquiries', {
        body: anInquiry({ submitter: aSubmitter({ phone: undefined, email: undefined }) }),
        headers: { 'accept-language': 'en' },
      }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['submitter.email:invalid']);
    expect(refusal.response.body.errors?.[0]?.message).toBe(
      'Give at least a phone number or an email address',
    );
  });

  it('refuses a service request with neither batch nor order reference', async () => {
    const refusal = await attempt('/v1/service-requests', (email) =>
      post('/v1/service-requests', {
        body: aServiceRequest({ submitter: aSubmitter({ email }), orderRef: undefined, batch: undefined }),
      }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['orderRef:invalid']);
  });
});

describe('the language of a problem', () => {
  const missingTopic = (headers: Record<string, string>) =>
    attempt('/v1/inquiries', (email) =>
      post('/v1/inquiries', {
        body: anInquiry({ submitter: aSubmitter({ email }), topic: undefined }),
        headers,
      }),
    );

  it('is English for Accept-Language: en', async () => {
    const refusal = await missingTopic({ 'accept-language': 'en' });

    expectRefused(refusal, 422);
    expect(refusal.response.body.title).toBe('The submission has errors; please check the marked fields');
    expect(refusal.response.body.errors).toEqual([{ field: 'topic', code: 'required', message: 'Required' }]);
  });

  it('is Chinese without Accept-Language', async () => {
    const refusal = await missingTopic({});

    expectRefused(refusal, 422);
    expect(refusal.response.body.title).toBe('提交的内容有误，请检查标出的字段');
    expect(refusal.response.body.errors).toEqual([{ field: 'topic', code: 'required', message: '必填' }]);
  });

  it('is English when English is the only language offered that the API speaks', async () => {
    const refusal = await missingTopic({ 'accept-language': 'fr, en;q=0.5' });

    expect(refusal.response.body.title).toBe('The submission has errors; please check the marked fields');
  });

  it('is English for a body that is not JSON', async () => {
    const refusal = await attempt('/v1/complaints', () =>
      postRaw('/v1/complaints', '{"submitter":', { 'accept-language': 'en' }),
    );

    expectRefused(refusal, 400);
    expect(refusal.response.body.title).toBe('The request body is not valid JSON');
  });
});

describe('the Idempotency-Key header', () => {
  it('is refused when longer than 255 characters, before anything is stored', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', {
        body: aComplaint({ submitter: aSubmitter({ email }) }),
        headers: { 'idempotency-key': 'k'.repeat(300) },
      }),
    );

    expectRefused(refusal, 422);
    expect(refusal.response.body.errors?.map((e) => e.field)).toEqual(['headers.idempotency-key']);
  });
});

describe('query parameters of a staff list', () => {
  let token: string;
  beforeAll(async () => {
    token = await api.token('customer-service');
  });
  const list = (query: string) => api.request<Problem>('GET', `/v1/complaints?${query}`, { token });
  const expectProblem = (response: ApiResponse<Problem>, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.text).not.toMatch(/\bat .+:\d+:\d+/);
    expect(response.text).not.toMatch(/dynamo/i);
  };

  it('refuses a limit over 100', async () => {
    const response = await list('limit=500');

    expectProblem(response, 422);
    expect(fieldErrors(response)).toEqual(['query.limit:too_big']);
  });

  it('refuses a limit that is not a number', async () => {
    const response = await list('limit=ten');

    expectProblem(response, 422);
    expect(response.body.errors?.map((e) => e.field)).toEqual(['query.limit']);
  });

  it('refuses an unknown parameter', async () => {
    const response = await list('sort=oldest');

    expectProblem(response, 422);
    expect(fieldErrors(response)).toEqual(['query.sort:unknown_field']);
  });

  it('refuses a date that is not a calendar day', async () => {
    const response = await list('from=2026-02-30');

    expectProblem(response, 422);
    expect(fieldErrors(response)).toEqual(['query.from:invalid_date']);
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['a key the table does not have', Buffer.from('{"owner":"x"}').toString('base64url')],
    ['a key of another index', Buffer.from('{"pk":"CUSTOMER#x","sk":"PROFILE"}').toString('base64url')],
  ])('refuses a cursor that is %s with 400', async (_name, cursor) => {
    const response = await list(`cursor=${cursor}`);

    expectProblem(response, 400);
    expect(response.body.type).toBe('/v1/docs#problem-invalid-cursor');
  });
});

describe('rules that need the stored data', () => {
  it('refuses a phone number that is not one, naming the format', async () => {
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', { body: aComplaint({ submitter: aSubmitter({ email, phone: 'call me' }) }) }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['submitter.phone:invalid_format']);
  });

  it('refuses a staff recording for an office that does not exist', async () => {
    const token = await api.token('customer-service');
    const refusal = await attempt('/v1/complaints', (email) =>
      post('/v1/complaints', {
        token,
        body: aComplaint({ channel: 'phone', officeId: 'nowhere', submitter: aSubmitter({ email }) }),
      }),
    );

    expectRefused(refusal, 422);
    expect(fieldErrors(refusal.response)).toEqual(['officeId:unknown_office']);
    expect(refusal.response.body.errors?.[0]?.message).toBe('没有这个办事处');
  });
});
