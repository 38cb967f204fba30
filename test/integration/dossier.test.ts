import { aComplaint, anInquiry, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { pdfText } from '../support/pdf-text.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { statusOf, type TaskSummary, taskFor } from '../support/workflow.ts';

let api: TestRuntime;
/** A complaint recorded through the Beijing office, driven through two CAPA rounds to the archive. */
const complaint = { id: '', reference: '' };
const description = '课桌封边脱胶，桌面边缘翘起约 3 毫米，学生手臂被划伤。';
const department = { department: 'assembly' };

async function complete(task: TaskSummary, role: string, body: Record<string, unknown>, extra = {}) {
  const response = await api.request('POST', `/v1/tasks/${task.taskId}`, {
    token: await api.token(role, extra),
    body: { step: task.step, ...body },
  });
  if (response.status !== 200) throw new Error(`${task.step}: ${response.status} ${response.text}`);
}

/** One CAPA round: the department's measures, Quality's approval, the reply, the execution, the verification. */
async function capaRound(rootCause: string, verification: { result: string; notes: string }) {
  const step = (name: string, role: string, extra = {}) => taskFor(api, complaint.id, name, role, extra);
  await complete(
    await step('rootCause', 'department', department),
    'department',
    { rootCause, correctiveMeasures: '校准涂胶机', preventiveMeasures: '每班点检并记录' },
    department,
  );
  await complete(await step('qualityReview', 'quality'), 'quality', { decision: 'approve' });
  await complete(await step('capaReply', 'customer-service'), 'customer-service', {
    reply: '我们已制定纠正措施',
    channel: 'email',
  });
  await complete(
    await step('executionReport', 'department', department),
    'department',
    { report: '措施已执行', completedOn: '2026-11-27' },
    department,
  );
  await complete(await step('verification', 'quality'), 'quality', verification);
}

beforeAll(async () => {
  api = await startTestRuntime();
  const recorded = await api.request<{ id: string; reference: string }>('POST', '/v1/complaints', {
    token: await api.token('customer-service'),
    body: aComplaint({
      submitter: aSubmitter({ email: uniqueEmail() }),
      batch: `B-DOSSIER-${Date.now()}`,
      description,
      channel: 'phone',
      officeId: 'bj',
    }),
  });
  if (recorded.status !== 201) throw new Error(`could not record: ${recorded.text}`);
  Object.assign(complaint, recorded.body);

  await complete(await taskFor(api, complaint.id, 'investigation', 'quality'), 'quality', {
    findings: '封边胶量不足',
    cause: 'workmanship',
    responsibility: 'internal',
    responsibleDepartmentId: 'assembly',
    preliminaryLossCny: 4200,
    handlingOpinion: '免费更换桌面',
  });
  await complete(await taskFor(api, complaint.id, 'productionApproval', 'production'), 'production', {
    decision: 'approve',
  });
  await complete(await taskFor(api, complaint.id, 'customerReply', 'customer-service'), 'customer-service', {
    reply: '将免费更换桌面',
    channel: 'phone',
  });
  await capaRound('涂胶机参数漂移', { result: 'ineffective', notes: '抽检仍有开胶' });
  await capaRound('胶水批次问题', { result: 'effective', notes: '回访无问题' });
  await complete(
    await taskFor(api, complaint.id, 'standardRevision', 'department', department),
    'department',
    { notes: '已修订封边工艺标准' },
    department,
  );
  await statusOf(api, complaint.id, 'ARCHIVED');
}, 120_000);
afterAll(async () => api.stop());

/** GET the dossier as binary (the JSON helper would decode the PDF as text). */
async function dossier(id: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}/v1/complaints/${id}/dossier.pdf`, {
    headers: { accept: 'application/pdf', ...headers },
  });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}
const bearer = async (role: string, extra: { office?: string } = {}) => ({
  authorization: `Bearer ${await api.token(role, extra)}`,
});

describe('GET /v1/complaints/{id}/dossier.pdf', () => {
  it('gives Quality the whole record as a Chinese PDF: report, CAPA form, both verifications, intact chain', async () => {
    const chain = await api.request<{ intact: boolean; events: number }>(
      'GET',
      `/v1/complaints/${complaint.id}/verify-chain`,
      { token: await api.token('quality') },
    );

    const { response, bytes } = await dossier(complaint.id, await bearer('quality'));
    const text = await pdfText(bytes);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${complaint.reference}.pdf"`,
    );
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(chain.body.intact).toBe(true);
    for (const expected of [
      '投诉档案',
      description.replace(/\s+/g, ''),
      '原因分类工艺/制造',
      `表单编号CAPA-${complaint.reference.slice(3)}`,
      '根本原因涂胶机参数漂移',
      '根本原因胶水批次问题',
      '第1轮验证验证结果无效说明抽检仍有开胶',
      '第2轮验证验证结果有效说明回访无问题',
      `链路完整：全部${chain.body.events}个事件的哈希校验通过`,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('labels it in English for Accept-Language: en, with the customer text as typed', async () => {
    const { response, bytes } = await dossier(complaint.id, {
      ...(await bearer('manager')),
      'accept-language': 'en',
    });
    const text = await pdfText(bytes);

    expect(response.status).toBe(200);
    expect(text).toContain('Complaintdossier');
    expect(text).toContain(`Description${description.replace(/\s+/g, '')}`);
    expect(text).toContain('Round1verificationResultIneffective');
    expect(text).toMatch(/Chainintact:all\d+eventsverify/);
    expect(text).not.toContain('链路完整');
  });

  it("lets the complaint's own office read it and hides it from another office as not found", async () => {
    const own = await dossier(complaint.id, await bearer('office', { office: 'bj' }));
    const other = await dossier(complaint.id, await bearer('office', { office: 'sh' }));

    expect(own.response.status).toBe(200);
    expect(other.response.status).toBe(404);
    expect(other.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('is 404 for an unknown id and for an inquiry', async () => {
    const inquiry = await api.request<{ id: string }>('POST', '/v1/inquiries', { body: anInquiry() });

    const unknown = await dossier('01UNKNOWN0000000000000000', await bearer('quality'));
    const ofInquiry = await dossier(inquiry.body.id, await bearer('quality'));

    expect(unknown.response.status).toBe(404);
    expect(ofInquiry.response.status).toBe(404);
    expect(ofInquiry.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('is 401 without a token', async () => {
    const { response } = await dossier(complaint.id);

    expect(response.status).toBe(401);
  });
});
