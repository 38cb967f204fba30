import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { lambdaContext } from '../../local/lambda-context.ts';
import { capturedEmails } from '../../local/ses.ts';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import {
  anInvestigation,
  complaintExecutionArn,
  complaintOf,
  eventsOf,
  eventually,
  mailsAbout,
  statusOf,
  type TaskSummary,
  taskFor,
} from '../support/workflow.ts';

// Investigation times out after 2 s here (24 h in production): the escalation path runs for real.
const INVESTIGATION_TIMEOUT_S = 2;

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ workflowTimeouts: { investigation: INVESTIGATION_TIMEOUT_S } });
});
afterAll(async () => api.stop());

interface Submitted {
  id: string;
  reference: string;
}

const submit = async (): Promise<Submitted & { email: string }> => {
  const email = uniqueEmail();
  const response = await api.request<Submitted>('POST', '/v1/complaints', {
    body: aComplaint({ batch: `B-ESC-${Date.now()}`, submitter: aSubmitter({ email }) }),
  });
  expect(response.status).toBe(201);
  return { ...response.body, email };
};

const history = async (complaintId: string): Promise<HistoryEvent[]> =>
  (await api.sfn.send(new GetExecutionHistoryCommand({ executionArn: complaintExecutionArn(complaintId) })))
    .events ?? [];

const enteredStates = (events: HistoryEvent[]) =>
  events.flatMap((event) => (event.stateEnteredEventDetails ? [event.stateEnteredEventDetails.name] : []));

const qualityQueue = async () =>
  (await api.request<{ items: TaskSummary[] }>('GET', '/v1/tasks', { token: await api.token('quality') }))
    .body.items;

const escalationMails = (address: string, complaint: Submitted) =>
  mailsAbout(api, address, complaint).then((mails) =>
    mails.filter((mail) => mail.subject.startsWith('[超时]')),
  );

/**
 * Waits until the investigation has been escalated exactly once and re-opened with a new due
 * time; with a 2 s timeout the next escalation follows 2 s later, so this polls closely.
 */
const firstEscalation = (complaintId: string, firstDueAt: string) =>
  eventually('the investigation to be escalated once and re-opened', async () => {
    const task = (await qualityQueue()).find((t) => t.complaintId === complaintId);
    return task && task.escalations === 1 && task.dueAt > firstDueAt ? task : undefined;
  });

/** Waits for a freshly re-opened investigation (over 1 s left before it times out again). */
const freshlyReopened = (complaintId: string) =>
  eventually('a freshly re-opened investigation', async () => {
    const task = (await qualityQueue()).find((t) => t.complaintId === complaintId);
    return task && task.escalations >= 1 && Date.parse(task.dueAt) - Date.now() > 1_000 ? task : undefined;
  });

describe('an investigation that is not completed in time', () => {
  it('is escalated to Quality and the manager and re-opened as the same task, without failing the complaint', async () => {
    const complaint = await submit();
    const [opened] = await eventually('the investigation task to open', async () => {
      const events = await eventsOf(api, complaint.id, 'task.opened');
      return events.length > 0 ? events : undefined;
    });
    const taskId = String(opened?.data.taskId);
    const firstDueAt = String(opened?.data.dueAt);

    const reopened = await firstEscalation(complaint.id, firstDueAt);

    // The same task, still Quality's, counted once, due again later.
    expect(reopened).toMatchObject({ taskId, step: 'investigation', status: 'open', escalations: 1 });
    expect(Date.parse(reopened.dueAt)).toBeGreaterThan(Date.parse(firstDueAt));
    // Step Functions caught States.Timeout and went through the Overdue state, then back.
    const states = enteredStates(await history(complaint.id));
    expect(states).toContain('InvestigationOverdue');
    expect(states.lastIndexOf('Investigation')).toBeGreaterThan(states.indexOf('InvestigationOverdue'));
    const execution = await api.sfn.send(
      new DescribeExecutionCommand({ executionArn: complaintExecutionArn(complaint.id) }),
    );
    expect(execution.status).toBe('RUNNING');
    // Quality and the manager are told, in one mail.
    const [toQuality] = await eventually('the escalation mail', async () => {
      const mails = await escalationMails('quality@aftersales.local', complaint);
      return mails.length > 0 ? mails : undefined;
    });
    expect(toQuality?.destination.to).toEqual(
      expect.arrayContaining(['quality@aftersales.local', 'manager@aftersales.local']),
    );
    expect(await escalationMails('manager@aftersales.local', complaint)).not.toHaveLength(0);
    // The timeline records it, and the complaint is still being investigated.
    const [escalated] = await eventsOf(api, complaint.id, 'task.escalated');
    expect(escalated?.data).toMatchObject({ step: 'investigation', taskId, escalations: 1 });
    const [reopenedEvent] = await eventsOf(api, complaint.id, 'task.reopened');
    expect(reopenedEvent?.data).toMatchObject({ step: 'investigation', taskId });
    expect(await complaintOf(api, complaint.id)).toMatchObject({
      status: 'INVESTIGATING',
      openTaskId: taskId,
    });
  });

  it('moves on to production approval once the escalated task is completed', async () => {
    const complaint = await submit();
    const task = await freshlyReopened(complaint.id);

    const response = await api.request<TaskSummary>('POST', `/v1/tasks/${task.taskId}`, {
      token: await api.token('quality'),
      body: anInvestigation(),
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ taskId: task.taskId, status: 'completed' });
    const approval = await taskFor(api, complaint.id, 'productionApproval', 'production');
    expect(approval.taskId).not.toBe(task.taskId);
    await statusOf(api, complaint.id, 'AWAITING_APPROVAL');
    expect((await qualityQueue()).some((t) => t.complaintId === complaint.id)).toBe(false);
    expect(enteredStates(await history(complaint.id))).toContain('ProductionApproval');
  });

  it('sends no second escalation mail when the escalation is retried', async () => {
    const complaint = await submit();
    const task = await freshlyReopened(complaint.id);
    await api.request('POST', `/v1/tasks/${task.taskId}`, {
      token: await api.token('quality'),
      body: anInvestigation(),
    });
    await taskFor(api, complaint.id, 'productionApproval', 'production');
    const mailsBefore = (await escalationMails('manager@aftersales.local', complaint)).length;
    const escalationsBefore = (await eventsOf(api, complaint.id, 'task.escalated')).length;
    expect(mailsBefore).toBeGreaterThanOrEqual(1);

    // Step Functions retries a step whose Lambda answer was lost: the handler runs again.
    const { handler } = await import('../../functions/workflow/complaint-steps.ts');
    const retry = { action: 'escalate', complaintId: complaint.id, step: 'investigation' };
    await handler(retry, lambdaContext('aftersales-complaint-steps', 30_000));
    await handler(retry, lambdaContext('aftersales-complaint-steps', 30_000));

    expect(await escalationMails('manager@aftersales.local', complaint)).toHaveLength(mailsBefore);
    expect(await eventsOf(api, complaint.id, 'task.escalated')).toHaveLength(escalationsBefore);
  });
});

describe('the task token', () => {
  it('never leaves the store: not in task or complaint responses, not in any email', async () => {
    const complaint = await submit();
    const task = await taskFor(api, complaint.id, 'investigation', 'quality');
    // After an escalation the task carries a second token: check that one too.
    const reopened = await freshlyReopened(complaint.id);
    const stored = await api.item(`TASK#${reopened.taskId}`, 'TASK');
    // Every token the workflow issued for the complaint: the engine journals one per task occurrence.
    const journal = await api.partition(`SFN#EXEC#aftersales-complaint:${complaint.id}`);
    const tokens = new Set([
      String(stored?.token),
      ...journal.flatMap((entry) => (typeof entry.token === 'string' ? [entry.token] : [])),
    ]);
    expect(tokens.size).toBeGreaterThanOrEqual(2);
    for (const token of tokens) expect(token.length).toBeGreaterThan(20);

    const quality = await api.token('quality');
    const manager = await api.token('manager');
    const texts = [
      (await api.request('GET', '/v1/tasks', { token: quality })).text,
      (await api.request('GET', `/v1/tasks/${task.taskId}`, { token: quality })).text,
      (await api.request('GET', `/v1/complaints/${complaint.id}`, { token: manager })).text,
      (await api.request('GET', `/v1/complaints/${complaint.id}/verify-chain`, { token: manager })).text,
    ];
    // Every mail captured so far, from any test file; this complaint's own are among them.
    const mails = await capturedEmails(api.runtime.sesEndpoint);
    const own = mails.filter(
      (mail) => mail.destination.to.includes(complaint.email) || mail.body.text?.includes(complaint.id),
    );

    expect(texts.join('\n')).toContain(task.taskId);
    // The acknowledgement, the Complaint Report, the task mail and at least one escalation.
    expect(own.length).toBeGreaterThanOrEqual(4);
    expect(own.some((mail) => mail.subject.startsWith('[超时]'))).toBe(true);
    for (const token of tokens) {
      for (const text of texts) expect(text).not.toContain(token);
      for (const mail of mails) {
        expect(mail.body.text ?? '').not.toContain(token);
        expect(mail.body.html ?? '').not.toContain(token);
        expect(mail.subject).not.toContain(token);
      }
    }
  });
});
