import type { TestRuntime } from './runtime.ts';

export interface TaskSummary {
  taskId: string;
  complaintId: string;
  step: string;
  status: string;
  dueAt: string;
  escalations: number;
  departmentId?: string;
}

/** Polls `until` every 100 ms (the workflow runs in the background) and returns its first truthy value. */
export async function eventually<T>(
  what: string,
  until: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await until();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the complaint's task for `step` is in the queue of a user with `role`. */
export async function taskFor(
  api: TestRuntime,
  complaintId: string,
  step: string,
  role: string,
  extra: { department?: string } = {},
): Promise<TaskSummary> {
  const token = await api.token(role, extra);
  return eventually(`${step} task of ${complaintId}`, async () => {
    const queue = await api.request<{ items: TaskSummary[] }>('GET', '/v1/tasks', { token });
    return queue.body.items.find((task) => task.complaintId === complaintId && task.step === step);
  });
}

/** Waits until the complaint reaches `status` (as staff see it). */
export async function statusOf(
  api: TestRuntime,
  complaintId: string,
  status: string,
): Promise<Record<string, unknown>> {
  const token = await api.token('manager');
  return eventually(`${complaintId} to reach ${status}`, async () => {
    const response = await api.request<Record<string, unknown>>('GET', `/v1/complaints/${complaintId}`, {
      token,
    });
    return response.body.status === status ? response.body : undefined;
  });
}

// ---- workflow observation (escalation, reply deadline, batch signal, restart tests) ----------

/** An audit event of a case's timeline, as GET /v1/complaints/{id} returns it. */
export interface TimelineEvent {
  seq: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

/** The complaint as staff see it (manager token), with its timeline. */
export async function complaintOf(
  api: TestRuntime,
  complaintId: string,
): Promise<Record<string, unknown> & { timeline: TimelineEvent[] }> {
  const response = await api.request<Record<string, unknown> & { timeline: TimelineEvent[] }>(
    'GET',
    `/v1/complaints/${complaintId}`,
    { token: await api.token('manager') },
  );
  if (response.status !== 200) throw new Error(`GET complaint ${complaintId}: ${response.text}`);
  return response.body;
}

/** The timeline events of `type`, in order. */
export async function eventsOf(
  api: TestRuntime,
  complaintId: string,
  type: string,
): Promise<TimelineEvent[]> {
  return (await complaintOf(api, complaintId)).timeline.filter((event) => event.type === type);
}

/**
 * Staff emails to `address` about one complaint: the subject names its reference and the body
 * links to its id. References repeat across test files (each has its own table and counter)
 * while the SES stand-in is shared, so the id tells them apart.
 */
export async function mailsAbout(
  api: TestRuntime,
  address: string,
  complaint: { id: string; reference: string },
) {
  return (await api.emailsTo(address)).filter(
    (mail) => mail.subject.includes(complaint.reference) && (mail.body.text ?? '').includes(complaint.id),
  );
}

/** The Step Functions execution ARN of a complaint's workflow (the execution is named after it). */
export const complaintExecutionArn = (complaintId: string) =>
  `arn:aws:states:us-east-1:000000000000:execution:aftersales-complaint:${complaintId}`;

/** A Quality investigation decision (customer-caused unless overridden). */
export const anInvestigation = (overrides: Record<string, unknown> = {}) => ({
  step: 'investigation',
  findings: '桌面开裂系使用中受潮所致，非材料缺陷。',
  cause: 'usage',
  responsibility: 'customer',
  handlingOpinion: '向客户说明使用注意事项，免费更换一次桌面。',
  ...overrides,
});
