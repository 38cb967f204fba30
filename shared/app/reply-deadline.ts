import { chinaCalendar, type WorkingCalendar } from '../calendar/working-days.ts';
import { RECEIPT_CLOCK_SKEW_MS } from '../domain/intake.ts';
import { replyDueAt } from '../domain/sla.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { StaffCaller } from '../http/roles.ts';
import type { ReplyExtensionInput } from '../schemas/tasks.ts';
import { actorOf } from '../store/audit.ts';
import type { CaseRecord } from '../store/cases.ts';
import { complaintStatItems } from '../store/report-stats.ts';
import { changeCase } from './case-change.ts';

let calendar: WorkingCalendar | undefined;
/** The China working-day calendar, built once per process (the override file is bundled). */
export const workingCalendar = (): WorkingCalendar => {
  calendar ??= chinaCalendar();
  return calendar;
};

/** requirements.md §3.5: the reply is due 2 working days after receipt (see docs/working-days.md). */
export function complaintReplyDue(receivedAt: Date): { replyDueAt: string; replyDueEstimated?: true } {
  const due = replyDueAt(receivedAt, workingCalendar());
  return {
    replyDueAt: due.dueAt.toISOString(),
    ...(due.estimated ? { replyDueEstimated: true as const } : {}),
  };
}

export class ReplyDeadlinePassedError extends ConflictError {
  override readonly titleKey = 'problem.replyDeadlinePassed';
}

/**
 * Records the purchaser's consent to a later reply (§3.5): only before the reply is due and
 * before it is given, with who agreed, when, how, and the new due time.
 */
export async function extendReplyDeadline(
  complaintId: string,
  input: ReplyExtensionInput,
  caller: StaffCaller,
  now: Date,
): Promise<CaseRecord> {
  return changeCase(complaintId, actorOf(caller), now, ({ record }) => {
    if (record.kind !== 'complaint' || !record.replyDueAt)
      throw new NotFoundError(`complaint ${complaintId}`);
    if ((record.workflow?.replies.length ?? 0) > 0) throw new ReplyDeadlinePassedError('already replied');
    if (now.toISOString() >= record.replyDueAt)
      throw new ReplyDeadlinePassedError('the reply is already due');
    const agreedAt = new Date(input.agreedAt);
    const newDueAt = new Date(input.newDueAt).toISOString();
    const issues = [
      ...(agreedAt.getTime() > now.getTime() + RECEIPT_CLOCK_SKEW_MS
        ? [{ field: 'agreedAt', code: 'in_future', messageKey: 'field.receivedInFuture' as const }]
        : []),
      ...(newDueAt <= record.replyDueAt
        ? [{ field: 'newDueAt', code: 'too_small', messageKey: 'field.invalid' as const }]
        : []),
    ];
    if (issues.length > 0) throw new ValidationError('bad extension', { issues });
    return {
      changes: { replyDueAt: newDueAt, replyDueEstimated: undefined },
      event: {
        type: 'reply.extended',
        data: { ...input, agreedAt: agreedAt.toISOString(), previousDueAt: record.replyDueAt, newDueAt },
      },
      // Counted in the month of receipt, like every complaint figure (docs/decisions.md).
      extra: complaintStatItems(record.receivedAt, { counters: { replyExtensions: 1 } }),
    };
  });
}
