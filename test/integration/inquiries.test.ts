import { surveyIdFor } from '../../shared/store/surveys.ts';
import { aCustomer, anInquiry, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { everything } from '../support/surveys.ts';

interface Inquiry {
  id: string;
  reference: string;
  status: string;
  version: number;
  customerId?: string;
  inquiry?: {
    forward?: { departmentId: string; note?: string };
    departmentResponse?: { departmentId: string; response: string };
    answer?: { answer: string; mailed: boolean };
    flag?: { reason: string };
    closedAt?: string;
  };
}
interface Queue {
  items: { caseId: string; reference: string; status: string; note?: string }[];
}
interface Problem {
  status: number;
  title: string;
}

let api: TestRuntime;
let cs: string;
let assembly: string;
let painting: string;
let manager: string;
beforeAll(async () => {
  api = await startTestRuntime();
  [cs, assembly, painting, manager] = await Promise.all([
    api.token('customer-service'),
    api.token('department', { department: 'assembly' }),
    api.token('department', { department: 'painting' }),
    api.token('manager'),
  ]);
});
afterAll(async () => api.stop());

/** An inquiry from a contact of a new customer (so closing it plans a survey); its submitter's email. */
async function anInquiryFromACustomer(overrides: Record<string, unknown> = {}, language = 'zh-CN') {
  const email = uniqueEmail('inquirer');
  const customer = await api.request<{ id: string }>('POST', '/v1/customers', {
    token: cs,
    body: aCustomer({ contacts: [{ name: '赵敏', email, primary: true }] }),
  });
  expect(customer.status).toBe(201);
  const created = await api.request<Inquiry>('POST', '/v1/inquiries', {
    body: anInquiry({ submitter: aSubmitter({ email, language }), ...overrides }),
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, reference: created.body.reference, email, customerId: customer.body.id };
}

const act = (
  id: string,
  action: string,
  body: unknown,
  token: string,
  headers: Record<string, string> = {},
) => api.request<Inquiry>('POST', `/v1/inquiries/${id}/${action}`, { token, body, headers });
const read = async (id: string) =>
  (await api.request<Inquiry & { timeline: { type: string }[] }>('GET', `/v1/inquiries/${id}`, { token: cs }))
    .body;
/** The CSAT survey planned when the case closed (survey-planning: occurrence `csat#<case id>`). */
const survey = (caseId: string) => api.item(`SURVEY#${surveyIdFor(`csat#${caseId}`)}`, 'SURVEY');
const inbox = (token: string, departmentId?: string) =>
  api.request<Queue>(
    'GET',
    `/v1/inquiry-queues/forwarded${departmentId ? `?departmentId=${departmentId}` : ''}`,
    {
      token,
    },
  );

describe('Customer Service answering an inquiry', () => {
  it("records the answer, emails it to the submitter in the case's language, and closes with a survey", async () => {
    const inquiry = await anInquiryFromACustomer({ topic: '<b>课桌</b> 高度' }, 'en');

    const answered = await act(
      inquiry.id,
      'answer',
      { answer: 'Yes: <script>x</script> adjustable desks.' },
      cs,
    );

    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'ANSWERED', inquiry: { answer: { mailed: true } } });
    expect(answered.headers.get('etag')).toBe(`"${answered.body.version}"`);
    const mails = (await api.emailsTo(inquiry.email)).filter((m) => m.subject.includes('Our answer'));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`[After-sales] Our answer to your suggestion (ref. ${inquiry.reference})`);
    expect(mails[0]?.body.text).toContain('Yes: <script>x</script> adjustable desks.');
    expect(mails[0]?.body.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(mails[0]?.body.html).toContain('&lt;b&gt;课桌&lt;/b&gt;');
    expect(mails[0]?.body.html).not.toContain('<script>');

    const closed = await act(inquiry.id, 'close', {}, cs);

    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('CLOSED');
    expect(await survey(inquiry.id)).toMatchObject({
      kind: 'csat',
      caseId: inquiry.id,
      customerId: inquiry.customerId,
    });
    const types = (await read(inquiry.id)).timeline.map((event) => event.type);
    expect(types).toEqual(['received', 'inquiry.answered', 'inquiry.closed']);
  });

  it('answers and closes in one step, in Chinese by default', async () => {
    const inquiry = await anInquiryFromACustomer();

    const response = await act(inquiry.id, 'answer', { answer: '已采纳您的建议。', close: true }, cs);

    expect(response.body.status).toBe('CLOSED');
    const [mail] = (await api.emailsTo(inquiry.email)).filter((m) => m.subject.includes('答复'));
    expect(mail?.subject).toBe(`【售后服务】关于您的建议的答复（编号 ${inquiry.reference}）`);
    expect(await survey(inquiry.id)).toBeDefined();
  });

  it('records an answer without mailing it when the submitter left no email', async () => {
    const created = await api.request<Inquiry>('POST', '/v1/inquiries', {
      body: anInquiry({
        submitter: { organization: '测试学校', contactName: '王老师', phone: '010-1234 5678' },
      }),
    });

    const response = await act(created.body.id, 'answer', { answer: '已电话答复。' }, cs);

    expect(response.status).toBe(200);
    expect(response.body.inquiry?.answer?.mailed).toBe(false);
  });
});

describe('an inquiry forwarded to a department', () => {
  it('goes to the inbox, gets the response, is answered with it and closed with the survey planned', async () => {
    const inquiry = await anInquiryFromACustomer();

    const forwarded = await act(
      inquiry.id,
      'forward',
      { departmentId: 'assembly', note: '请评估可调高度' },
      cs,
    );
    expect(forwarded.body).toMatchObject({
      status: 'FORWARDED',
      inquiry: { forward: { departmentId: 'assembly' } },
    });
    const notice = (await api.emailsTo('assembly@aftersales.local')).find((m) =>
      m.subject.includes(inquiry.reference),
    );
    expect(notice?.body.text).toContain('请评估可调高度');

    const box = await inbox(assembly);
    expect(box.status).toBe(200);
    expect(box.body.items).toEqual([
      expect.objectContaining({ caseId: inquiry.id, reference: inquiry.reference, note: '请评估可调高度' }),
    ]);

    const responded = await act(
      inquiry.id,
      'department-response',
      { response: '下一批次可提供可调高度课桌。' },
      assembly,
    );
    expect(responded.body).toMatchObject({
      status: 'RESPONDED',
      inquiry: { departmentResponse: { departmentId: 'assembly', response: '下一批次可提供可调高度课桌。' } },
    });
    expect((await inbox(assembly)).body.items).toEqual([]);

    const answered = await act(
      inquiry.id,
      'answer',
      { answer: responded.body.inquiry?.departmentResponse?.response },
      cs,
    );
    expect(answered.body.status).toBe('ANSWERED');
    expect(
      (await api.emailsTo(inquiry.email)).some((m) => m.body.text?.includes('下一批次可提供可调高度课桌。')),
    ).toBe(true);

    const closed = await act(inquiry.id, 'close', { note: '已答复' }, cs);
    expect(closed.body.status).toBe('CLOSED');
    expect(await survey(inquiry.id)).toMatchObject({ caseId: inquiry.id });
    const types = (await read(inquiry.id)).timeline.map((event) => event.type);
    expect(types.slice(1)).toEqual([
      'inquiry.forwarded',
      'inquiry.departmentResponded',
      'inquiry.answered',
      'inquiry.closed',
    ]);
  });

  it('is invisible to another department: its response is 404 and nothing changes', async () => {
    const inquiry = await anInquiryFromACustomer();
    await act(inquiry.id, 'forward', { departmentId: 'assembly' }, cs);
    const before = await everything(api);

    const response = await act(inquiry.id, 'department-response', { response: '不是我们的' }, painting);

    expect(response.status).toBe(404);
    expect(await everything(api)).toEqual(before);
    expect((await inbox(painting)).body.items.map((i) => i.caseId)).not.toContain(inquiry.id);
  });

  it('is 404 for a department when it was never forwarded', async () => {
    const inquiry = await anInquiryFromACustomer();

    const response = await act(inquiry.id, 'department-response', { response: '?' }, assembly);

    expect(response.status).toBe(404);
  });

  it('moves to the new department when forwarded again', async () => {
    const inquiry = await anInquiryFromACustomer();
    await act(inquiry.id, 'forward', { departmentId: 'assembly' }, cs);

    await act(inquiry.id, 'forward', { departmentId: 'painting' }, cs);

    expect((await inbox(assembly)).body.items.map((i) => i.caseId)).not.toContain(inquiry.id);
    expect((await inbox(painting)).body.items.map((i) => i.caseId)).toContain(inquiry.id);
  });

  it('keeps a department to its own inbox, and makes Customer Service name one', async () => {
    expect((await inbox(assembly, 'painting')).status).toBe(403);
    expect((await inbox(cs)).status).toBe(422);
    expect((await inbox(cs, 'assembly')).status).toBe(200);
  });
});

describe('flagging a good suggestion for management', () => {
  it('lists it for the manager with its reason, following its status, and only once', async () => {
    const inquiry = await anInquiryFromACustomer();

    const flagged = await act(inquiry.id, 'flag', { reason: '可推广到所有学校' }, cs);
    expect(flagged.body).toMatchObject({
      status: 'RECEIVED',
      inquiry: { flag: { reason: '可推广到所有学校' } },
    });
    await act(inquiry.id, 'answer', { answer: '谢谢，已转管理层。', close: true }, cs);

    const list = await api.request<Queue>('GET', '/v1/inquiry-queues/flagged', { token: manager });
    expect(list.status).toBe(200);
    expect(list.body.items.find((i) => i.caseId === inquiry.id)).toMatchObject({
      reference: inquiry.reference,
      note: '可推广到所有学校',
      status: 'CLOSED',
    });
    const again = await act(inquiry.id, 'flag', { reason: '再次' }, cs);
    expect(again.status).toBe(409);
  });
});

describe('refusals', () => {
  it('refuses an action the status does not allow with 409 and its own title', async () => {
    const inquiry = await anInquiryFromACustomer();
    await act(inquiry.id, 'answer', { answer: '答复', close: true }, cs);
    const before = await everything(api);

    const response = await act(inquiry.id, 'answer', { answer: '再答复' }, cs);
    const english = await api.request<Problem>('POST', `/v1/inquiries/${inquiry.id}/close`, {
      token: cs,
      body: {},
      headers: { 'accept-language': 'en' },
    });

    expect(response.status).toBe(409);
    expect((response.body as unknown as Problem).title).toBe('这条咨询当前的状态（CLOSED）不允许此操作');
    expect(english.status).toBe(409);
    expect(english.body.title).toBe('This inquiry is CLOSED: this action is not possible now');
    expect(await everything(api)).toEqual(before);
  });

  it('refuses closing while a department works on it', async () => {
    const inquiry = await anInquiryFromACustomer();
    await act(inquiry.id, 'forward', { departmentId: 'assembly' }, cs);

    expect((await act(inquiry.id, 'close', {}, cs)).status).toBe(409);
  });

  it('refuses a stale If-Match with 412 and writes nothing; the current one passes', async () => {
    const inquiry = await anInquiryFromACustomer();
    const forwarded = await act(inquiry.id, 'forward', { departmentId: 'assembly' }, cs);
    const before = await everything(api);

    const stale = await act(inquiry.id, 'department-response', { response: '旧' }, assembly, {
      'if-match': '"1"',
    });

    expect(stale.status).toBe(412);
    expect(await everything(api)).toEqual(before);
    const current = await act(inquiry.id, 'department-response', { response: '新' }, assembly, {
      'if-match': forwarded.headers.get('etag') ?? '',
    });
    expect(current.status).toBe(200);
  });

  it('is 404 for a case that is not an inquiry', async () => {
    const complaints = await api.request<{ items: { id: string }[] }>('GET', '/v1/complaints', { token: cs });
    const created = await api.request<Inquiry>('POST', '/v1/service-requests', {
      body: {
        submitter: aSubmitter(),
        type: 'repair',
        product: { category: 'furniture', name: '课桌' },
        orderRef: 'HT-2025-BJ-001',
        problem: '松动',
        siteAddress: '北京',
      },
    });
    expect(complaints.status).toBe(200);

    expect((await act(created.body.id, 'answer', { answer: 'x' }, cs)).status).toBe(404);
  });
});
