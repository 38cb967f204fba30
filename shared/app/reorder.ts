import { config } from '../config.ts';
import { reorderQuantity } from '../domain/requisition.ts';
import type { StockCard } from '../domain/stock.ts';
import { ConflictError } from '../errors.ts';
import { translate } from '../i18n/translate.ts';
import { mailboxOf } from '../mail/mailboxes.ts';
import { reorderProposedMail } from '../mail/requisition-mail.ts';
import type { RequisitionRecord } from '../schemas/requisitions.ts';
import { systemActor } from '../store/audit.ts';
import {
  getPart,
  listAllParts,
  type PartRecord,
  type StoredPart,
  type TransactItem,
} from '../store/parts.ts';
import { openReorderItem, type RequisitionWrite, requisitionItems } from '../store/requisitions.ts';
import { writeAll } from '../store/transactions.ts';
import { type OutgoingMail, stagedMail } from './deliver-mail.ts';
import { createdWrite, newIdentity } from './requisitions.ts';

/** A reorder proposal written with the movement that triggered it. */
export interface ReorderProposal {
  readonly partChanges: { readonly openReorderId: string };
  readonly extra: readonly TransactItem[];
  readonly mails: readonly OutgoingMail[];
}

/**
 * The proposal for a part left with `onHand` units: a requisition of origin `reorder` for the units
 * up to the high quota, and the warehouse's notice. Undefined when the part has an open proposal or
 * is not at or below its low quota (requirements.md §4: reorder when stock falls to the quota).
 */
async function proposalFor(
  part: PartRecord,
  onHand: number,
  now: Date,
): Promise<{ write: RequisitionWrite; mail: OutgoingMail } | undefined> {
  const quantity = reorderQuantity(part, onHand);
  if (part.openReorderId !== undefined || quantity === undefined) return undefined;
  const at = now.toISOString();
  const quota = { onHand, unit: part.unit, lowQuota: part.lowQuota, highQuota: part.highQuota };
  const record: RequisitionRecord = {
    ...(await newIdentity(now)),
    origin: 'reorder',
    status: 'proposed',
    requestedBy: {},
    urgent: false,
    reason: translate('zh-CN', 'requisitions.reorderReason', quota),
    lines: [
      {
        partNumber: part.partNumber,
        name: part.name,
        quantity,
        received: 0,
        ...(part.maker ? { maker: part.maker } : {}),
        ...(part.model ? { model: part.model } : {}),
        makerChange: false,
      },
    ],
    approvals: {},
    delayReports: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const write = createdWrite(record, 'requisition.proposed', systemActor, now, {
    reference: record.reference,
    partNumber: part.partNumber,
    quantity,
    ...quota,
  });
  const mail: OutgoingMail = {
    id: `reorder-proposed#${record.id}`,
    purpose: 'reorder-proposed',
    message: reorderProposedMail({ record, part, onHand }, mailboxOf('warehouse'), config().CONSOLE_URL),
  };
  return { write, mail };
}

/**
 * When `card` leaves the part at or below its low quota and no proposal is open: a reorder
 * proposal up to the high quota (a requisition of origin `reorder`) and the warehouse's notice,
 * to write in the movement's transaction. The movement's version condition on the part makes a
 * second proposal by a concurrent movement impossible: that one is decided again on this part.
 */
export async function reorderIfLow(
  part: PartRecord,
  card: StockCard,
  now: Date,
): Promise<ReorderProposal | undefined> {
  const proposal = await proposalFor(part, card.onHand, now);
  if (!proposal) return undefined;
  return {
    partChanges: { openReorderId: proposal.write.record.id },
    extra: requisitionItems(proposal.write),
    mails: [proposal.mail],
  };
}

/**
 * The proposal for one part, as its own transaction: the part (open proposal set, on condition
 * that it is at the version read), the requisition and the mail. A transaction lost to a movement
 * is decided again on what the movement left (which may be a proposal of its own).
 */
async function proposeFor(partNumber: string, now: Date, attempts = 4): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    const stored = await getPart(partNumber);
    const proposal = stored ? await proposalFor(stored.part, stored.card.onHand, now) : undefined;
    if (!stored || !proposal) return false;
    const mails = stagedMail([proposal.mail], now);
    try {
      await writeAll([
        openReorderItem(stored, proposal.write.record.id, now.toISOString()),
        ...requisitionItems(proposal.write),
        ...mails.items,
      ]);
      await mails.send();
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}

/**
 * Proposes a reorder for every part at or below its low quota without an open proposal (the daily
 * `parts-daily` job, which passes the catalogue it read): catches parts that were low before their quota was set or raised, or
 * whose last proposal was cancelled. Answers the part numbers proposed for.
 */
export async function proposeLowStockReorders(
  now: Date,
  catalogue?: readonly StoredPart[],
): Promise<{ proposed: string[] }> {
  const proposed: string[] = [];
  for (const { part, card } of catalogue ?? (await listAllParts())) {
    if (part.openReorderId !== undefined || reorderQuantity(part, card.onHand) === undefined) continue;
    if (await proposeFor(part.partNumber, now)) proposed.push(part.partNumber);
  }
  return { proposed };
}
