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
