import { config } from '../config.ts';
import { decideArrival } from '../domain/requisition.ts';
import { departmentMailbox, mailboxOf } from '../mail/mailboxes.ts';
import { urgentArrivalMail } from '../mail/requisition-mail.ts';
import type { RequisitionRecord } from '../schemas/requisitions.ts';
import { nextEvent, systemActor } from '../store/audit.ts';
import type { PartRecord, TransactItem } from '../store/parts.ts';
import { getRequisition, requisitionItems, requisitionKey } from '../store/requisitions.ts';
import type { OutgoingMail } from './deliver-mail.ts';
import { refusalError } from './requisitions.ts';

/** What a receipt for a requisition writes with it: the requisition's arrival, and mail for urgent ones. */
export interface RequisitionArrival {
  readonly extra: readonly TransactItem[];
  readonly mails: readonly OutgoingMail[];
  /** The part's open reorder proposal cleared when this arrival fills it. */
  readonly partChanges?: Partial<Pick<PartRecord, 'openReorderId'>>;
}

/** Who hears of an urgent arrival: the requester, else their department's mailbox (the warehouse's for a proposal). */
const requesterAddress = (record: RequisitionRecord): string =>
  record.requestedBy.email ??
  (record.departmentId ? departmentMailbox(record.departmentId) : mailboxOf('warehouse'));

/**
 * The arrival of `quantity` units of `part` for a requisition, to write with the receipt: the
 * line's `received` (the requisition at the version read, so concurrent receipts are decided
 * again), `received` status once every line is complete, and the audit event. An urgent
 * requisition's arrival is announced to the requester at once (requirements.md §4). A reorder
 * proposal received in full clears the part's open proposal. 422 on `requisitionId` when the
 * requisition is not in purchase (`ordered`) for that part, on `quantity` when more would arrive
 * than it still has to come (book the extra units as a receipt without the requisition).
 */
export async function requisitionArrival(
  requisitionId: string,
  part: PartRecord,
  quantity: number,
  now: Date,
): Promise<RequisitionArrival> {
  const stored = await getRequisition(requisitionId);
  const context = { status: stored?.record.status ?? 'none', action: 'arrival' };
  if (!stored) throw refusalError('notOrderedForPart', context);
  const { record, head } = stored;
  const decision = decideArrival(record, part.partNumber, quantity);
  if (!decision.ok) throw refusalError(decision.refusal, context);
  const at = now.toISOString();
  const after: RequisitionRecord = {
    ...record,
    lines: decision.lines,
    status: decision.to,
    ...(decision.complete ? { receivedAt: at } : {}),
    version: record.version + 1,
    updatedAt: at,
  };
  const line = decision.lines.find((l) => l.partNumber === part.partNumber);
  const event = nextEvent(requisitionKey(record.id), head, {
    type: 'requisition.arrived',
    at: now,
    actor: systemActor,
    data: {
      from: record.status,
      to: decision.to,
      partNumber: part.partNumber,
      quantity,
      received: line?.received ?? quantity,
      complete: decision.complete,
    },
  });
  const mails: OutgoingMail[] =
    record.urgent && line
      ? [
          {
            id: `requisition-arrival#${record.id}#${event.head.eventCount}`,
            purpose: 'requisition-arrival',
            message: urgentArrivalMail(
              after,
              line,
              { quantity, unit: part.unit, complete: decision.complete },
              requesterAddress(record),
              config().CONSOLE_URL,
            ),
          },
        ]
      : [];
  const fillsProposal = decision.complete && record.origin === 'reorder' && part.openReorderId === record.id;
  return {
    extra: requisitionItems({ record: after, event }, record.version),
    mails,
    ...(fillsProposal ? { partChanges: { openReorderId: undefined } } : {}),
  };
}
