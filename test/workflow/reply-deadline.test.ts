import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { runSlaJob } from '../../shared/app/sla-job.ts';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../shared/calendar/plain-date.ts';
import { chinaCalendar } from '../../shared/calendar/working-days.ts';
import { reminderAt, replyDueAt } from '../../shared/domain/sla.ts';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { complaintExecutionArn, complaintOf, eventsOf, mailsAbout, taskFor } from '../support/workflow.ts';

const calendar = chinaCalendar();
const DAY_MS = 86_400_000;

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(async () => api.stop());

interface Receipt {
  id: string;
  reference: string;
  receivedAt: string;
  replyDueAt: string;
}
interface Problem {
  errors: { field: string }[];
}

let batchSeq = 0;
const uniqueBatch = () => `B-SLA-${Date.now()}-${++batchSeq}`;

/** A complaint from the web form, received now. */
async function webComplaint(): Promise<Receipt> {
  const response = await api.request<Receipt>('POST', '/v1/complaints', {
    body: aComplaint({ batch: uniqueBatch(), submitter: aSubmitter({ email: uniqueEmail() }) }),
  });
  expect(response.status).toBe(201);
  return response.body;
}

/** A complaint Customer Service recorded from a phone call received at `receivedAt`. */
async function phonedComplaint(receivedAt: Date): Promise<Receipt> {
  const response = await api.request<Receipt>('POST', '/v1/complaints', {
    token: await api.token('customer-service'),
    body: aComplaint({
      batch: uniqueBatch(),
      channel: 'phone',
      receivedAt: receivedAt.toISOString(),
      problemDate: shanghaiDate(receivedAt),
      submitter: aSubmitter({ email: uniqueEmail() }),
    }),
  });
  expect(response.status).toBe(201);
  return response.body;
}

/** Waits until the workflow has opened the investigation: no more workflow writes to the case for now. */
const settled = (complaint: Receipt) => taskFor(api, complaint.id, 'investigation', 'quality');

/**
 * A counter of the complaint report in the month the complaint was received (Asia/Shanghai): the
 * figures are a cohort, counted in the month of receipt whenever the event happened.
 */
async function complaintStat(complaint: Receipt, counter: string): Promise<number> {
  const month = shanghaiDate(new Date(complaint.receivedAt)).slice(0, 7);
  return Number((await api.item('STATS#complaints', `MONTH#${month}`))?.[counter] ?? 0);
}

const extension = (overrides: Record<string, unknown> = {}) => ({
  agreedBy: '李老师（总务处）',
  agreedAt: new Date().toISOString(),
  channel: 'phone',
  newDueAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
  note: '需要工厂取样检测，客户同意延期答复。',
  ...overrides,
});

const runSchedule = async () =>
  (
    await api.request<{ result: { started: number; reminded: number; breached: number } }>(
      'POST',
      '/_local/schedules/complaint-sla',
    )
  ).body.result;

const executionStatus = async (complaintId: string) => {
  try {
    const execution = await api.sfn.send(
      new DescribeExecutionCommand({ executionArn: complaintExecutionArn(complaintId) }),
    );
    return execution.status;
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return 'none';
    throw error;
  }
};

/**
 * A time of receipt whose reply is due in the future (by at least 5 minutes) but whose
 * reminder time (09:00 Shanghai on the due day) has passed: received on an earlier day at noon.
 * None exists on some days (e.g. a weekend before a working Monday): the test is then skipped.
 */
function receiptInReminderWindow(now: Date): Date | undefined {
  for (let back = 1; back <= 10; back++) {
    const receivedAt = new Date(
      startOfShanghaiDay(addDays(shanghaiDate(now), -back)).getTime() + 4 * 3_600_000,
    );
    const due = replyDueAt(receivedAt, calendar).dueAt;
    if (reminderAt(due, calendar) <= now && due.getTime() - now.getTime() > 5 * 60_000) return receivedAt;
  }
  return undefined;
}
const inReminderWindow = receiptInReminderWindow(new Date());

describe('the reply deadline of a complaint (2 working days)', () => {
  it('is the end of the second working day in Shanghai, counted from receipt', async () => {
    const complaint = await webComplaint();

    const expected = replyDueAt(new Date(complaint.receivedAt), calendar);
    expect(complaint.replyDueAt).toBe(expected.dueAt.toISOString());
    const stored = await api.item(`CASE#${complaint.id}`, 'CASE');
    expect(stored?.replyDueAt).toBe(expected.dueAt.toISOString());
    expect(stored?.replyDueEstimated).toBe(expected.estimated ? true : undefined);
    // 24:00 Shanghai time: the instant a Shanghai day starts, after the receipt.
    const due = new Date(complaint.replyDueAt);
    expect(startOfShanghaiDay(shanghaiDate(due)).getTime()).toBe(due.getTime());
    expect(due.getTime()).toBeGreaterThan(Date.parse(complaint.receivedAt) + DAY_MS / 2);
    expect(expected.workingDays).toHaveLength(2);
    expect(shanghaiDate(new Date(due.getTime() - 1))).toBe(expected.workingDays[1]);
  });
});

describe('POST /v1/complaints/{id}/reply-extension', () => {
  it("records the purchaser's consent to a later reply, before the reply is due, and counts it", async () => {
    const complaint = await webComplaint();
    await settled(complaint);
    const extensionsBefore = await complaintStat(complaint, 'replyExtensions');
    const body = extension();

    const response = await api.request<Record<string, unknown>>(
      'POST',
      `/v1/complaints/${complaint.id}/reply-extension`,
      { token: await api.token('customer-service'), body },
    );

    expect(response.status).toBe(200);
    const newDueAt = new Date(body.newDueAt).toISOString();
    expect(response.body.replyDueAt).toBe(newDueAt);
    expect((await api.item(`CASE#${complaint.id}`, 'CASE'))?.replyDueAt).toBe(newDueAt);
    const [extended, ...more] = await eventsOf(api, complaint.id, 'reply.extended');
    expect(more).toHaveLength(0);
    expect(extended?.data).toMatchObject({
      agreedBy: body.agreedBy,
      channel: 'phone',
      previousDueAt: complaint.replyDueAt,
      newDueAt,
    });
    expect(await complaintStat(complaint, 'replyExtensions')).toBe(extensionsBefore + 1);
  });

  it('is refused with 409 once the reply is due, and nothing changes', async () => {
    const complaint = await phonedComplaint(new Date(Date.now() - 10 * DAY_MS));
    await settled(complaint);
    const before = await api.item(`CASE#${complaint.id}`, 'CASE');
    expect(Date.parse(String(before?.replyDueAt))).toBeLessThan(Date.now());

    const response = await api.request('POST', `/v1/complaints/${complaint.id}/reply-extension`, {
      token: await api.token('customer-service'),
      body: extension(),
    });

    expect(response.status).toBe(409);
    const after = await api.item(`CASE#${complaint.id}`, 'CASE');
    expect(after?.version).toBe(before?.version);
    expect(after?.replyDueAt).toBe(before?.replyDueAt);
    expect(await eventsOf(api, complaint.id, 'reply.extended')).toHaveLength(0);
  });

  it('is refused with 422 naming newDueAt when the new time is not after the current one', async () => {
    const complaint = await webComplaint();
    await settled(complaint);

    const response = await api.request<Problem>('POST', `/v1/complaints/${complaint.id}/reply-extension`, {
      token: await api.token('customer-service'),
      body: extension({ newDueAt: complaint.replyDueAt }),
    });

    expect(response.status).toBe(422);
    expect(response.body.errors.map((e) => e.field)).toEqual(['newDueAt']);
    expect((await api.item(`CASE#${complaint.id}`, 'CASE'))?.replyDueAt).toBe(complaint.replyDueAt);
  });

  it('is refused with 403 for Quality, who do not speak to the purchaser', async () => {
    const complaint = await webComplaint();

    const response = await api.request('POST', `/v1/complaints/${complaint.id}/reply-extension`, {
      token: await api.token('quality'),
      body: extension(),
    });

    expect(response.status).toBe(403);
    expect(await eventsOf(api, complaint.id, 'reply.extended')).toHaveLength(0);
  });
});

describe('the complaint SLA job', () => {
  it('reports a missed reply deadline once, to Customer Service and the manager, and counts it', async () => {
    const complaint = await phonedComplaint(new Date(Date.now() - 10 * DAY_MS));
    await settled(complaint);
    // The complaints this file has left overdue so far were received 10 days ago, like this one.
    const breaches = () => complaintStat(complaint, 'replyBreaches');
    const breachesBefore = await breaches();

    const first = await runSchedule();

    const breachMails = () =>
      mailsAbout(api, 'customer-service@aftersales.local', complaint).then((mails) =>
        mails.filter((mail) => mail.subject.startsWith('[答复超期]')),
      );
    const [mail, ...others] = await breachMails();
    expect(others).toHaveLength(0);
    expect(mail?.destination.to).toEqual(
      expect.arrayContaining(['customer-service@aftersales.local', 'manager@aftersales.local']),
    );
    const breached = await eventsOf(api, complaint.id, 'reply.breached');
    expect(breached).toHaveLength(1);
    expect(breached[0]?.data).toMatchObject({ dueAt: complaint.replyDueAt });
    expect(first.breached).toBeGreaterThanOrEqual(1);
    // Every breach of the run is counted once, in the month of receipt (other overdue complaints
    // of this file may be among them).
    expect(await breaches()).toBe(breachesBefore + first.breached);

    const second = await runSchedule();

    expect(second.breached).toBe(0);
    expect(await breachMails()).toHaveLength(1);
    expect(await eventsOf(api, complaint.id, 'reply.breached')).toHaveLength(1);
    expect(await breaches()).toBe(breachesBefore + first.breached);
  });

  it('does not remind Customer Service before 09:00 on the due day', async () => {
    const complaint = await webComplaint();
    await settled(complaint);
    expect(reminderAt(new Date(complaint.replyDueAt), calendar).getTime()).toBeGreaterThan(Date.now());

    await runSchedule();

    expect(await eventsOf(api, complaint.id, 'reply.reminded')).toHaveLength(0);
    expect(await mailsAbout(api, 'customer-service@aftersales.local', complaint)).toEqual(
      expect.not.arrayContaining([
        expect.objectContaining({ subject: expect.stringContaining('[答复提醒]') }),
      ]),
    );
  });

  // Needs a complaint whose reminder time has passed but whose due time has not: received on an
  // earlier day so that today is its due day. On days where the calendar allows none (e.g. a
  // weekend, or after the day's due instant) there is nothing true to assert, so it is skipped.
  (inReminderWindow ? it : it.skip)(
    'reminds Customer Service once on the due day, after 09:00, while the reply is still due',
    async () => {
      const complaint = await phonedComplaint(inReminderWindow ?? new Date());
      await settled(complaint);

      await runSchedule();
      await runSchedule();

      const reminders = (await mailsAbout(api, 'customer-service@aftersales.local', complaint)).filter(
        (mail) => mail.subject.startsWith('[答复提醒]'),
      );
      expect(reminders).toHaveLength(1);
      expect(reminders[0]?.destination.to).not.toContain('manager@aftersales.local');
      expect(await eventsOf(api, complaint.id, 'reply.reminded')).toHaveLength(1);
      expect(await eventsOf(api, complaint.id, 'reply.breached')).toHaveLength(0);
    },
  );

  it('starts the workflow of a complaint whose start failed, once it is over a minute old', async () => {
    // Fault injection only: Step Functions refuses the start while the complaint is submitted.
    const sfnDown = mockClient(SFNClient);
    sfnDown
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('Step Functions is down'), { name: 'ServiceUnavailable' }));
    let complaint: Receipt;
    try {
      complaint = await webComplaint();
    } finally {
      sfnDown.restore();
    }

    expect((await api.item(`CASE#${complaint.id}`, 'CASE'))?.status).toBe('RECEIVED');
    expect(await executionStatus(complaint.id)).toBe('none');

    // The scheduled run leaves it alone: it might still be starting.
    await runSchedule();
    expect(await executionStatus(complaint.id)).toBe('none');

    // Two minutes later (run in this process, which hosts the runtime) the job starts it.
    const report = await runSlaJob(new Date(Date.now() + 120_000));

    expect(report.started).toBeGreaterThanOrEqual(1);
    expect(await executionStatus(complaint.id)).toBe('RUNNING');
    await taskFor(api, complaint.id, 'investigation', 'quality');
    expect((await complaintOf(api, complaint.id)).status).toBe('INVESTIGATING');
  });
});
