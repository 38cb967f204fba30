import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/ports.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { type CapturedEmail, capturedEmails } from '../../local/ses.ts';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { projectRoot, TEST_TOKEN_SECRET } from '../support/runtime.ts';

// The whole complaint over HTTP only (the public API and the local sign-in), with the runtime
// stopped while Production's approval is waiting and started again on the same data.

const sesEndpoint = process.env.TEST_SES_ENDPOINT ?? '';
const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-complaint-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function boot(dynamoPort: number): Promise<Runtime> {
  return startRuntime({
    projectRoot,
    port: 0,
    tableName: 'aftersales-complaint-restart',
    dynamo: { port: dynamoPort, dataDir },
    ses: { endpoint: sesEndpoint },
    tokenSecret: TEST_TOKEN_SECRET,
    seed: true,
    timers: false,
    logLevel: 'SILENT',
  });
}

interface Task {
  taskId: string;
  complaintId: string;
  step: string;
  status: string;
}

/** A client of one runtime: JSON over HTTP, signed in per role through POST /_local/token. */
function client(url: string) {
  const call = async <T>(method: string, path: string, body?: unknown, role?: string): Promise<T> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (role) headers.authorization = `Bearer ${await signIn(role)}`;
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const signIn = async (role: string) => {
    const response = await fetch(`${url}/_local/token`, { method: 'POST', body: JSON.stringify({ role }) });
    return ((await response.json()) as { token: string }).token;
  };
  const waitFor = async <T>(what: string, until: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const value = await until();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  return {
    call,
    /** Waits for the complaint's task of `step` in the queue of `role`. */
    task: (complaintId: string, step: string, role: string) =>
      waitFor(`${step} task`, async () =>
        (await call<{ items: Task[] }>('GET', '/v1/tasks', undefined, role)).items.find(
          (task) => task.complaintId === complaintId && task.step === step,
        ),
      ),
    complete: (taskId: string, role: string, decision: Record<string, unknown>) =>
      call<Task>('POST', `/v1/tasks/${taskId}`, decision, role),
    complaint: (id: string) =>
      call<{ status: string; timeline: { type: string }[] }>(
        'GET',
        `/v1/complaints/${id}`,
        undefined,
        'manager',
      ),
    waitForStatus: (id: string, status: string) =>
      waitFor(`status ${status}`, async () => {
        const complaint = await call<{ status: string }>('GET', `/v1/complaints/${id}`, undefined, 'manager');
        return complaint.status === status ? complaint : undefined;
      }),
  };
}

/** Staff mails about one complaint: references repeat across test files (a table each), the id in the link does not. */
const mailsAbout = async (
  complaint: { id: string; reference: string },
  to: string,
): Promise<CapturedEmail[]> =>
  (await capturedEmails(sesEndpoint)).filter(
    (mail) =>
      mail.destination.to.includes(to) &&
      mail.subject.includes(complaint.reference) &&
      (mail.body.text ?? '').includes(complaint.id),
  );

describe('a complaint handled across a restart of the runtime', () => {
  // Two boots of DynamoDB Local on disk (a JVM start each, 5-10 s) make this the slowest test here.
  it('continues with the same waiting task, sends no mail twice and ends archived with an intact chain', async () => {
    const dynamoPort = await freePort();
    const email = uniqueEmail();
    let complaint: { id: string; reference: string };
    let approvalBefore: Task;

    const first = await boot(dynamoPort);
    try {
      const api = client(first.url);
      complaint = await api.call('POST', '/v1/complaints', {
        ...aComplaint({ batch: `B-RST-${randomUUID().slice(0, 8)}`, submitter: aSubmitter({ email }) }),
      });
      const investigation = await api.task(complaint.id, 'investigation', 'quality');
      await api.complete(investigation.taskId, 'quality', {
        step: 'investigation',
        findings: '桌面开裂系使用中长期受潮所致。',
        cause: 'usage',
        responsibility: 'customer',
        handlingOpinion: '说明使用与保养要求，免费更换受损桌面。',
      });
      approvalBefore = await api.task(complaint.id, 'productionApproval', 'production');
      await api.waitForStatus(complaint.id, 'AWAITING_APPROVAL');
    } finally {
      await first.stop();
    }

    const second = await boot(dynamoPort);
    try {
      const api = client(second.url);
      const approval = await api.task(complaint.id, 'productionApproval', 'production');
      expect(approval.taskId).toBe(approvalBefore.taskId);
      await api.complete(approval.taskId, 'production', { step: 'productionApproval', decision: 'approve' });
      const reply = await api.task(complaint.id, 'customerReply', 'customer-service');
      await api.complete(reply.taskId, 'customer-service', {
        step: 'customerReply',
        reply: '经调查，桌面开裂系受潮所致。我们将免费为您更换受损桌面，并附上使用与保养说明。',
        channel: 'email',
      });

      await api.waitForStatus(complaint.id, 'ARCHIVED');

      const verification = await api.call<{ intact: boolean; events: number }>(
        'GET',
        `/v1/complaints/${complaint.id}/verify-chain`,
        undefined,
        'manager',
      );
      expect(verification).toMatchObject({ intact: true });
      const { timeline } = await api.complaint(complaint.id);
      expect(verification.events).toBe(timeline.length);
      const count = (type: string) => timeline.filter((event) => event.type === type).length;
      expect(count('task.opened')).toBe(3);
      expect(count('quality.notified')).toBe(1);
      expect(count('productionApproval.decided')).toBe(1);
      expect(count('archived')).toBe(1);
    } finally {
      await second.stop();
    }

    // Every mail exactly once, though the runtime restarted in the middle.
    const once = async (to: string, subjectStart: string) =>
      expect(
        (await mailsAbout(complaint, to)).filter((mail) => mail.subject.startsWith(subjectStart)),
      ).toHaveLength(1);
    await once('quality@aftersales.local', '《投诉报告》');
    await once('factory-quality@aftersales.local', '《投诉报告》');
    await once('quality@aftersales.local', '[待办] 调查与处理意见');
    await once('production@aftersales.local', '[待办] 生产部审批');
    await once('customer-service@aftersales.local', '[待办] 答复客户');
    expect(await mailsAbout(complaint, 'production@aftersales.local')).toHaveLength(1);
    // The purchaser: the acknowledgement and the reply.
    const toPurchaser = (await capturedEmails(sesEndpoint)).filter((mail) =>
      mail.destination.to.includes(email),
    );
    expect(toPurchaser).toHaveLength(2);
    expect(toPurchaser.filter((mail) => mail.subject.includes('答复'))).toHaveLength(1);
  }, 120_000);
});
