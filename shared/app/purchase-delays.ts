import type { PlainDate } from '../calendar/plain-date.ts';
import { config } from '../config.ts';
import { expectedOn, isDelayReportOverdue } from '../domain/requisition.ts';
import { ConflictError } from '../errors.ts';
import { mailboxOf } from '../mail/mailboxes.ts';
import { type OverduePurchase, overdueDelayReportsMail } from '../mail/requisition-mail.ts';
import type { RequisitionRecord } from '../schemas/requisitions.ts';
import { nextEvent, systemActor } from '../store/audit.ts';
import {
  getRequisition,
  listOrderedRequisitions,
  requisitionItems,
  requisitionKey,
} from '../store/requisitions.ts';
import { writeAll } from '../store/transactions.ts';
import { stagedMail } from './deliver-mail.ts';

/** What a run did, in counts only. */
export interface PurchaseDelayReport {
  /** The Beijing day the run checked for. */
  day: PlainDate;
  /** Purchases in progress (`ordered`). */
  considered: number;
  /** Newly flagged: more than 3 days past the expected day without a written report. */
  flagged: number;
  /** Flagged and still without a report, this run's included: the day's summary lists them. */
  overdue: number;
  /** The day's summary was sent by this run (false: nothing overdue, or an earlier run sent it). */
  mailed: boolean;
}

/**
 * Flags one overdue purchase, on condition that it is still at the version read (a delay report
 * written meanwhile wins: the next run looks again). Answers the record as it now stands.
 */
async function flag(id: string, day: PlainDate, now: Date): Promise<RequisitionRecord | undefined> {
  const stored = await getRequisition(id);
  if (!stored) return undefined;
  const { record, head } = stored;
  const expected = expectedOn(record);
  if (!isDelayReportOverdue(record, day) || expected === undefined) return undefined;
  const at = now.toISOString();
  const after: RequisitionRecord = {
    ...record,
    delayReportOverdue: { flaggedAt: at, expectedOn: expected },
    version: record.version + 1,
    updatedAt: at,
  };
  const event = nextEvent(requisitionKey(id), head, {
    type: 'requisition.delayReportOverdue',
    at: now,
    actor: systemActor,
    data: { expectedOn: expected, day },
  });
  try {
    await writeAll(requisitionItems({ record: after, event }, record.version));
    return after;
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
}

/**
 * The purchase delays of the `parts-daily` job (requirements.md §4: a purchase that cannot arrive on time is reported
 * in writing within 3 days): flags every purchase more than 3 Beijing calendar days past the day it
 * is expected (the order's or the latest delay report's) without a report, once, and sends the
 * warehouse and management one summary a day of every purchase still flagged. Safe to run twice:
 * the flag is set once, and the summary's id is the day's.
 */
export async function flagOverdueDelayReports(clock: {
  now: Date;
  day: PlainDate;
}): Promise<PurchaseDelayReport> {
  const ordered = await listOrderedRequisitions();
  let flagged = 0;
  const overdue: OverduePurchase[] = [];
  for (const record of ordered) {
    const current = isDelayReportOverdue(record, clock.day)
      ? await flag(record.id, clock.day, clock.now)
      : record;
    if (current !== record && current) flagged += 1;
    if (current?.delayReportOverdue) {
      overdue.push({
        reference: current.reference,
        expectedOn: current.delayReportOverdue.expectedOn,
        supplier: current.order?.supplier ?? '-',
      });
    }
  }
  let mailed = false;
  if (overdue.length > 0) {
    const mails = stagedMail(
      [
        {
          id: `purchase-delays#${clock.day}`,
          purpose: 'purchase-delays',
          message: overdueDelayReportsMail(
            clock.day,
            overdue,
            [mailboxOf('warehouse'), mailboxOf('manager')],
            config().CONSOLE_URL,
          ),
        },
      ],
      // The outbox's clock is the real one (its lease), whatever the run's `asOf`.
      new Date(),
    );
    try {
      await writeAll(mails.items);
      await mails.send();
      mailed = true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return { day: clock.day, considered: ordered.length, flagged, overdue: overdue.length, mailed };
}
