/**
 * How urgent an open task is, as the queue shows it at a glance: overdue (red), at risk (amber),
 * on time. Pure: `now` is passed in, so jest tests the edges (test/unit/console-queue.test.ts).
 */
export type Urgency = 'overdue' | 'atRisk' | 'onTime';

/** Less than this left before the task's due time: at risk. */
export const AT_RISK_WITHIN_MS = 4 * 3600_000;
/**
 * A complaint whose reply is due within this long is at risk whatever the task's own due time
 * (the promise is a reply within 2 working days; one working day is at most 24 hours of clock time
 * ahead on a working day, and the reply-due reminder goes out on the due day).
 */
export const REPLY_AT_RISK_WITHIN_MS = 24 * 3600_000;

/** What the urgency reads of a task (GET /v1/tasks); `replyDueAt` only when the task carries it. */
export interface TaskTiming {
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly replyDueAt?: string;
}

const msLeft = (iso: string, now: Date) => Date.parse(iso) - now.getTime();

export function urgencyOf(task: TaskTiming, now: Date): Urgency {
  if (task.overdue || msLeft(task.dueAt, now) <= 0) return 'overdue';
  if (msLeft(task.dueAt, now) < AT_RISK_WITHIN_MS) return 'atRisk';
  if (task.replyDueAt !== undefined && msLeft(task.replyDueAt, now) < REPLY_AT_RISK_WITHIN_MS)
    return 'atRisk';
  return 'onTime';
}

/** The queue's order: overdue tasks first, then the earliest due; ties keep the API's order. */
export function queueOrder<T extends TaskTiming>(tasks: readonly T[], now: Date): T[] {
  const overdue = (task: T) => (urgencyOf(task, now) === 'overdue' ? 0 : 1);
  return tasks
    .map((task, index) => ({ task, index }))
    .sort(
      (a, b) =>
        overdue(a.task) - overdue(b.task) ||
        Date.parse(a.task.dueAt) - Date.parse(b.task.dueAt) ||
        a.index - b.index,
    )
    .map(({ task }) => task);
}
