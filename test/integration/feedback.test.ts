import { signLink } from '../../shared/domain/signed-link.ts';
import { caseIdForSurvey } from '../../shared/domain/survey-answers.ts';
import { followUpTaskIdFor } from '../../shared/store/tasks.ts';
import { type ApiResponse, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { aCheckIn, aSurvey, everything, linkFor, storedSurvey, storeSurvey } from '../support/surveys.ts';
import { eventually, taskFor } from '../support/workflow.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  errors?: { field: string; code: string; message: string }[];
  survey?: Record<string, unknown>;
}
interface SurveyView {
  kind: string;
  organization: string;
  status: 'open' | 'answered';
  caseReference?: string;
  scale?: { min: number; max: number };
  choices?: string[];
  answer?: Record<string, unknown>;
  createdCase?: { kind: string; reference: string };
}
/** An answer's response: the view, or a problem carrying the first answer as `survey`. */
type Reply = Omit<SurveyView, 'status'> & Omit<Problem, 'status'> & { status: string | number };
interface TaskView {
  taskId: string;
  kind: string;
  step: string;
  status: string;
  surveyId?: string;
  score?: number;
  comment?: string;
  customerId?: string;
  reference?: string;
  dueAt: string;
  outcome?: string;
  note?: string;
}

let api: TestRuntime;
let customerService: string;
beforeAll(async () => {
  api = await startTestRuntime();
  customerService = await api.token('customer-service');
});
afterAll(async () => api.stop());

const answer = (token: string, body: unknown) =>
  api.request<Reply>('POST', `/v1/surveys/${encodeURIComponent(token)}`, { body });
const answerFollowUp = (token: string, body: unknown) =>
  api.request<Reply>('POST', `/v1/follow-ups/${encodeURIComponent(token)}`, { body });
const comment = (token: string, text: string) =>
  api.request<Reply>('POST', `/v1/surveys/${encodeURIComponent(token)}/comment`, {
    body: { comment: text },
  });
const queue = async () =>
  (await api.request<{ items: TaskView[] }>('GET', '/v1/tasks', { token: customerService })).body.items;

const expectProblem = (response: ApiResponse, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
};

/** A sent CSAT survey and its survey link. */
async function openSurvey(overrides: Parameters<typeof aSurvey>[0] = {}) {
  const survey = await storeSurvey(aSurvey(overrides));
  return { survey, token: await linkFor('survey', survey.id) };
}

describe('a link that does not hold', () => {
  let survey: Awaited<ReturnType<typeof openSurvey>>['survey'];
  let token: string;
  beforeAll(async () => {
    ({ survey, token } = await openSurvey());
  });

  /** Sends the request and expects `status` with the table exactly as before. */
  async function refusedWithNothingWritten(send: () => Promise<ApiResponse>, status: number) {
    const before = await everything(api);

    const response = await send();

    expectProblem(response, status);
    expect(await everything(api)).toEqual(before);
    return response;
  }

  it('is 403 when its signature was altered', async () => {
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, -1)}${last}`;

    await refusedWithNothingWritten(() => answer(tampered, { score: 5 }), 403);
    await refusedWithNothingWritten(() => api.request('GET', `/v1/surveys/${tampered}`), 403);
  });

  it('is 403 when it was signed for another purpose', async () => {
    const followUpLink = await linkFor('followUp', survey.id);
    const unsubscribeLink = await linkFor('unsubscribe', survey.id);

    await refusedWithNothingWritten(() => answer(followUpLink, { score: 5 }), 403);
    await refusedWithNothingWritten(() => answer(unsubscribeLink, { score: 5 }), 403);
    await refusedWithNothingWritten(() => answerFollowUp(token, { status: 'fine' }), 403);
  });

  it('is 403 when it was signed with a key we do not know', async () => {
    const foreign = signLink(
      { purpose: 'survey', subject: survey.id, expiresAt: new Date(Date.now() + 86_400_000) },
      { current: 'elsewhere-1', secrets: { 'elsewhere-1': 'a-secret-that-is-not-ours-at-all-0123456789' } },
    );

    await refusedWithNothingWritten(() => answer(foreign, { score: 5 }), 403);
  });

  it('is 403 when it is not a token at all', async () => {
    await refusedWithNothingWritten(() => answer('not-a-token', { score: 5 }), 403);
  });

  it('is 410 once expired', async () => {
    const expired = await linkFor('survey', survey.id, new Date(Date.now() - 1000));

    const response = await refusedWithNothingWritten(() => answer(expired, { score: 5 }), 410);
    expect(response.body).toMatchObject({ type: '/v1/docs#problem-gone' });
  });

  it('is 404 for a survey we do not have, though correctly signed', async () => {
    const unknown = await linkFor('survey', 'no-such-survey-00000000');

    await refusedWithNothingWritten(() => answer(unknown, { score: 5 }), 404);
    await refusedWithNothingWritten(() => api.request('GET', `/v1/surveys/${unknown}`), 404);
  });

  it('is 404 for a survey that was never sent', async () => {
    const planned = await openSurvey({ status: 'scheduled' });

    await refusedWithNothingWritten(() => answer(planned.token, { score: 5 }), 404);
  });

  it('is 404 for a follow-up behind a survey link', async () => {
    const checkIn = await storeSurvey(aCheckIn());
    const surveyLink = await linkFor('survey', checkIn.id);

    await refusedWithNothingWritten(() => answer(surveyLink, { score: 5 }), 404);
  });

  it('is 409 once answered, with the first answer, which stays as it was', async () => {
    const first = await answer(token, { score: 4, comment: '响应很快' });
    expect(first.status).toBe(200);
    const stored = await storedSurvey(api, survey.id);

    const second = await refusedWithNothingWritten(() => answer(token, { score: 1 }), 409);

    expect(second.body).toMatchObject({
      status: 409,
      title: '您已经回答过了，谢谢！',
      survey: { status: 'answered', answer: { score: 4, comment: '响应很快' } },
    });
    expect(await storedSurvey(api, survey.id)).toEqual(stored);
  });
});

describe('the survey page', () => {
  it('gets what it shows, and no personal data beyond the organisation', async () => {
    const { token } = await openSurvey({ kind: 'nps', language: 'en' });

    const response = await api.request<SurveyView>('GET', `/v1/surveys/${token}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      kind: 'nps',
      organization: '北京市第一中学',
      caseReference: 'WX-20261120-0001',
      productCategory: 'furniture',
      language: 'en',
      status: 'open',
      scale: { min: 0, max: 10 },
    });
  });
});

describe('a CSAT or NPS answer', () => {
  it('is stored once, and a high score opens no follow-up task', async () => {
    const { survey, token } = await openSurvey();

    const response = await answer(token, { score: 5 });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'answered', answer: { score: 5 } });
    expect(await storedSurvey(api, survey.id)).toMatchObject({
      status: 'answered',
      answer: { score: 5 },
      version: 2,
    });
    expect(await api.item(`TASK#${followUpTaskIdFor(survey.id)}`, 'TASK')).toBeUndefined();
    expect((await queue()).some((task) => task.surveyId === survey.id)).toBe(false);
  });

  it.each([
    ['csat', 0],
    ['csat', 6],
    ['nps', 11],
    ['nps', -1],
  ] as const)('refuses a %s score of %d with 422 naming `score`, and stores nothing', async (kind, score) => {
    const { token } = await openSurvey({ kind });
    const before = await everything(api);

    const response = await answer(token, { score });

    expectProblem(response, 422);
    expect((response.body as Problem).errors?.map((e) => e.field)).toEqual(['score']);
    expect(await everything(api)).toEqual(before);
  });

  it('opens a follow-up task for a low CSAT that Customer Service sees and completes', async () => {
    const { survey, token } = await openSurvey();

    const answered = await answer(token, { score: 2, comment: '维修人员迟到了两天' });

    expect(answered.status).toBe(200);
    const task = (await queue()).find((t) => t.surveyId === survey.id);
    expect(task).toMatchObject({
      kind: 'surveyFollowUp',
      step: 'surveyFollowUp',
      status: 'open',
      score: 2,
      comment: '维修人员迟到了两天',
      customerId: 'bj-no1-school',
      reference: 'WX-20261120-0001',
    });
    expect(new Date(task?.dueAt ?? 0).getTime()).toBeGreaterThan(Date.now());
    expect(await storedSurvey(api, survey.id)).toMatchObject({ followUpTaskId: task?.taskId });
    const taskId = String(task?.taskId);

    const wrongStep = await api.request('POST', `/v1/tasks/${taskId}`, {
      token: customerService,
      body: { step: 'customerReply', reply: '您好', channel: 'phone' },
    });
    const completed = await api.request<TaskView>('POST', `/v1/tasks/${taskId}`, {
      token: customerService,
      body: { step: 'surveyFollowUp', outcome: 'contacted', note: '已致电道歉，约定下次提前通知' },
    });

    expectProblem(wrongStep, 422);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({
      status: 'completed',
      outcome: 'contacted',
      kind: 'surveyFollowUp',
    });
    expect((await queue()).some((t) => t.taskId === taskId)).toBe(false);
    expect(await storedSurvey(api, survey.id)).toMatchObject({
      followUpResult: { outcome: 'contacted', note: '已致电道歉，约定下次提前通知' },
    });
    const again = await api.request('POST', `/v1/tasks/${taskId}`, {
      token: customerService,
      body: { step: 'surveyFollowUp', outcome: 'resolved' },
    });
    expectProblem(again, 409);
  });

  it('opens a follow-up task for an NPS of 6 but not of 7', async () => {
    const six = await openSurvey({ kind: 'nps' });
    const seven = await openSurvey({ kind: 'nps' });

    await answer(six.token, { score: 6 });
    await answer(seven.token, { score: 7 });

    const surveys = (await queue()).map((task) => task.surveyId);
    expect(surveys).toContain(six.survey.id);
    expect(surveys).not.toContain(seven.survey.id);
  });

  it('takes a comment after a one-click score, once, and adds it to the follow-up task', async () => {
    const { survey, token } = await openSurvey();
    const early = await comment(token, '还没打分');
    await answer(token, { score: 1 });

    const added = await comment(token, '桌子又坏了');
    const twice = await comment(token, '再说一次');

    expectProblem(early, 409);
    expect(added.status).toBe(200);
    expect(added.body.answer).toEqual({ score: 1, comment: '桌子又坏了' });
    expectProblem(twice, 409);
    expect((await storedSurvey(api, survey.id))?.answer).toEqual({ score: 1, comment: '桌子又坏了' });
    expect((await queue()).find((task) => task.surveyId === survey.id)?.comment).toBe('桌子又坏了');
  });
});

describe('a check-in answer', () => {
  /** The day counter a reference was taken from (`WX-20261127-0001` -> `COUNTER#WX#2026-11-27`). */
  const counterOf = (reference: string) => {
    const [prefix, day = ''] = reference.split('-');
    return api.item(`COUNTER#${prefix}#${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`, 'COUNTER');
  };
  const serviceRequest = (id: string) =>
    api.request<Record<string, unknown>>('GET', `/v1/service-requests/${id}`, { token: customerService });

  it('"fine" is stored and opens nothing', async () => {
    const checkIn = await storeSurvey(aCheckIn());

    const response = await answerFollowUp(await linkFor('followUp', checkIn.id), { status: 'fine' });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'answered', choices: ['fine', 'problem'] });
    expect(response.body.createdCase).toBeUndefined();
    expect(await api.item(`CASE#${caseIdForSurvey(checkIn.id)}`, 'CASE')).toBeUndefined();
  });

  it('refuses a problem without its description (422), and an answer of the other kind', async () => {
    const token = await linkFor('followUp', (await storeSurvey(aCheckIn())).id);

    const noProblem = await answerFollowUp(token, { status: 'problem' });
    const otherKind = await answerFollowUp(token, { status: 'inspectionWanted' });

    expectProblem(noProblem, 422);
    expect((noProblem.body as Problem).errors?.map((e) => e.field)).toEqual(['problem']);
    expectProblem(otherKind, 422);
    expect((otherKind.body as Problem).errors?.map((e) => e.field)).toEqual(['status']);
  });

  it('"problem" opens a linked service request with the warranty decision and its acknowledgement, once', async () => {
    const checkIn = await storeSurvey(aCheckIn());
    const token = await linkFor('followUp', checkIn.id);

    const response = await answerFollowUp(token, {
      status: 'problem',
      problem: '三张课桌桌面开裂',
      productName: '学生课桌椅 KZY-01',
    });

    expect(response.status).toBe(200);
    const caseId = caseIdForSurvey(checkIn.id);
    const reference = String(response.body.createdCase?.reference);
    expect(response.body.createdCase).toEqual({
      kind: 'serviceRequest',
      reference: expect.stringMatching(/^WX-/),
    });
    expect(await storedSurvey(api, checkIn.id)).toMatchObject({
      status: 'answered',
      createdCaseId: caseId,
      createdCaseReference: reference,
    });
    const stored = await serviceRequest(caseId);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      reference,
      customerId: 'bj-no1-school',
      officeId: 'bj',
      channel: 'web',
      source: { kind: 'survey', surveyId: checkIn.id, surveyKind: 'checkIn' },
      warranty: { status: 'free', deliveryId: 'd-bj1-2025' },
      details: { type: 'repair', orderRef: 'HT-2025-BJ-001', problem: '三张课桌桌面开裂' },
    });
    const ack = await eventually('the acknowledgement', async () =>
      (await api.emailsTo(String(checkIn.contactEmail))).find((mail) => mail.subject.includes(reference)),
    );
    expect(ack.body.text).toContain(reference);

    const counterBefore = await counterOf(reference);
    const repeated = await answerFollowUp(token, { status: 'problem', problem: '又坏了一张' });

    expectProblem(repeated, 409);
    expect(repeated.body.survey).toMatchObject({
      createdCase: { reference },
      answer: { problem: '三张课桌桌面开裂' },
    });
    expect(await counterOf(reference)).toEqual(counterBefore);
  });

  it('"problem" with wants: complaint opens a complaint whose workflow starts', async () => {
    const checkIn = await storeSurvey(aCheckIn());

    const response = await answerFollowUp(await linkFor('followUp', checkIn.id), {
      status: 'problem',
      problem: '椅子焊点断裂，存在安全隐患',
      wants: 'complaint',
    });

    expect(response.status).toBe(200);
    expect(response.body.createdCase).toEqual({
      kind: 'complaint',
      reference: expect.stringMatching(/^TS-/),
    });
    const complaintId = caseIdForSurvey(checkIn.id);
    const investigation = await taskFor(api, complaintId, 'investigation', 'quality');
    expect(investigation.status).toBe('open');
  });

  it('finishes opening the case on a retry when the first attempt stopped after storing the answer', async () => {
    // As if the request had failed right after the answer's transaction.
    const checkIn = await storeSurvey(
      aCheckIn({
        status: 'answered',
        answeredAt: new Date().toISOString(),
        answer: { status: 'problem', problem: '柜门脱落' },
        version: 2,
      }),
    );

    const retry = await answerFollowUp(await linkFor('followUp', checkIn.id), {
      status: 'problem',
      problem: '柜门脱落',
    });

    expectProblem(retry, 409);
    expect(retry.body.survey).toMatchObject({ createdCase: { kind: 'serviceRequest' } });
    expect((await serviceRequest(caseIdForSurvey(checkIn.id))).status).toBe(200);
  });

  it('an inspection wanted opens a maintenance request', async () => {
    const offer = await storeSurvey(aCheckIn({ kind: 'warrantyInspection' }));

    const response = await answerFollowUp(await linkFor('followUp', offer.id), {
      status: 'inspectionWanted',
    });

    expect(response.status).toBe(200);
    const stored = await serviceRequest(caseIdForSurvey(offer.id));
    expect(stored.body).toMatchObject({
      details: { type: 'maintenance' },
      warranty: { status: 'free' },
      source: { kind: 'survey', surveyKind: 'warrantyInspection' },
    });
  });
});

describe('one-click unsubscribe', () => {
  const address = 'Zhang.Wei@BJ1School.example.cn';
  const preferences = () => api.item('CONTACT#zhang.wei@bj1school.example.cn', 'PREFERENCES');

  it('records the form post of a mail client, and answers the same the second time', async () => {
    const token = await linkFor('unsubscribe', address);
    const oneClick = {
      raw: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };

    const first = await api.request('POST', `/v1/unsubscribe/${token}`, oneClick);
    const recorded = await preferences();
    const second = await api.request('POST', `/v1/unsubscribe/${token}`, oneClick);
    const bare = await api.request('POST', `/v1/unsubscribe/${token}`);

    expect(first.status).toBe(200);
    expect(first.body).toEqual({ unsubscribed: true, alreadyUnsubscribed: false });
    expect(recorded?.unsubscribedAt).toEqual(expect.any(String));
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ unsubscribed: true, alreadyUnsubscribed: true });
    expect(bare.status).toBe(200);
    expect(await preferences()).toEqual(recorded);
  });

  it('refuses a survey link with 403 and writes nothing', async () => {
    const { survey } = await openSurvey();
    const surveyLink = await linkFor('survey', survey.id);
    const before = await everything(api);

    const response = await api.request('POST', `/v1/unsubscribe/${surveyLink}`, {
      raw: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expectProblem(response, 403);
    expect(await everything(api)).toEqual(before);
  });

  it('leaves the other routes JSON only', async () => {
    const { token } = await openSurvey();

    const response = await api.request('POST', `/v1/surveys/${token}`, {
      raw: 'score=5',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expectProblem(response, 415);
  });
});
