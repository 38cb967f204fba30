import { ulid } from 'ulid';
import { shanghaiDate } from '../calendar/plain-date.ts';
import {
  type Allocation,
  allocateFifo,
  allocateReturn,
  applyDelta,
  fenOf,
  type Lot,
} from '../domain/stock.ts';
import { type FieldIssue, ValidationError } from '../errors.ts';
import type { StaffCaller } from '../http/roles.ts';
import type {
  IssueDestination,
  IssueInput,
  ReceiptInput,
  RepairInput,
  SurplusReturnInput,
  ToRepairInput,
  TransferInput,
} from '../schemas/parts.ts';
import { actorOf } from '../store/audit.ts';
import { getStoredCase } from '../store/cases.ts';
import { getLedgerEntry, returnedOfIssue, returnedOfIssueItem, type StoredPart } from '../store/parts.ts';
import { reorderIfLow } from './reorder.ts';
import { requisitionArrival } from './requisition-arrival.ts';
import { deltaOf, type Movement, moveStock, type StockContext } from './stock.ts';

/** Who acts and when, for the movement routes. */
export interface MovementContext {
  readonly caller: StaffCaller;
  readonly now: Date;
}

const stockContext = (context: MovementContext): StockContext => ({
  actor: actorOf(context.caller),
  now: context.now,
});

const invalid = (message: string, ...issues: FieldIssue[]) => new ValidationError(message, { issues });

/** 422 on `field` when the lots hold fewer units than asked for. */
export function shortOfStock(field: string, stored: StoredPart, wanted: number): ValidationError {
  return new ValidationError(
    `part ${stored.part.partNumber}: ${stored.card.onHand} in stock, ${wanted} asked`,
    {
      issues: [{ field, code: 'insufficient_stock', messageKey: 'parts.insufficientStock' }],
    },
  );
}

/** A day given for a movement: today when absent, never in the future (422 on `field`). */
function dayOf(day: string | undefined, now: Date, field: string): string {
  const today = shanghaiDate(now);
  if (day !== undefined && day > today) {
    throw invalid('day in the future', { field, code: 'in_future', messageKey: 'field.dateInFuture' });
  }
  return day ?? today;
}

/**
 * Receiving (验收入库): accepted units become a new lot at their own cost; rejected ones are
 * recorded with the written note to the buyer and never enter stock. A receipt for a requisition
 * counts as its arrival (urgent ones notify the requester at once).
 */
export async function receiveParts(partNumber: string, input: ReceiptInput, context: MovementContext) {
  const receivedOn = dayOf(input.receivedOn, context.now, 'receivedOn');
  const unitCostFen = fenOf(input.unitCost);
  return moveStock(partNumber, stockContext(context), async ({ stored }) => {
    const details = {
      supplier: input.supplier,
      receivedOn,
      quantity: input.quantity,
      unitCostFen,
      inspection: input.inspection,
      ...(input.requisitionId ? { requisitionId: input.requisitionId } : {}),
    };
    if (input.inspection.result === 'rejected') {
      return { kind: 'receiptRejected', allocations: [], sign: 1, details };
    }
    const lot: Allocation = {
      lotId: ulid(context.now.getTime()),
      receivedOn,
      quantity: input.quantity,
      unitCostFen,
      origin: 'purchase',
      supplier: input.supplier,
    };
    const arrival = input.requisitionId
      ? await requisitionArrival(input.requisitionId, stored.part, input.quantity, context.now)
      : undefined;
    return {
      kind: 'receipt',
      allocations: [lot],
      sign: 1,
      details: { ...details, lotId: lot.lotId },
      ...(arrival ? { extra: arrival.extra, mails: arrival.mails, partChanges: arrival.partChanges } : {}),
    };
  });
}

/** 422 on `field` unless the destination exists: a service request, or a department (any id). */
export async function checkDestination(to: IssueDestination, field: string): Promise<void> {
  if (to.kind !== 'serviceRequest') return;
  const stored = await getStoredCase(to.caseId);
  if (stored?.record.kind !== 'serviceRequest') {
    throw invalid('no such service request', {
      field: `${field}.caseId`,
      code: 'not_found',
      messageKey: 'parts.serviceRequestNotFound',
    });
  }
}

/**
 * A FIFO issue (先进先出) of `quantity` units as a movement, with the reorder proposal when it
 * leaves the part at or below its low quota. `field` names the quantity in 422s.
 */
export async function issueMovement(
  stock: { stored: StoredPart; lots: Lot[] },
  quantity: number,
  details: Record<string, unknown>,
  now: Date,
  field: string,
): Promise<Movement> {
  const allocations = allocateFifo(stock.lots, quantity);
  if (!allocations) throw shortOfStock(field, stock.stored, quantity);
  const movement: Movement = { kind: 'issue', allocations, sign: -1, details };
  const card = applyDelta(stock.stored.card, deltaOf(movement));
  const reorder = await reorderIfLow(stock.stored.part, card, now);
  return reorder ? { ...movement, ...reorder } : movement;
}

/** Issues units first in, first out to a service request (repair) or a department. */
export async function issueParts(partNumber: string, input: IssueInput, context: MovementContext) {
  await checkDestination(input.to, 'to');
  return moveStock(partNumber, stockContext(context), (stock) =>
    issueMovement(
      stock,
      input.quantity,
      { to: input.to, ...(input.note ? { note: input.note } : {}) },
      context.now,
      'quantity',
    ),
  );
}

/**
 * Surplus from a repair back to stock (余料退库): units of one issue, to the lots they came from
 * (a used-up lot is put back with its receipt day and cost); never more than the issue gave out.
 */
export async function returnSurplus(partNumber: string, input: SurplusReturnInput, context: MovementContext) {
  // One consistent read of the issue's entry, not the whole (eventually consistent) ledger.
  const issue = await getLedgerEntry(partNumber, input.issueSeq);
  if (issue?.data.kind !== 'issue') {
    throw invalid('not an issue', {
      field: 'issueSeq',
      code: 'not_found',
      messageKey: 'parts.issueNotFound',
    });
  }
  const issued = issue.data.allocations as Allocation[];
  const issuedUnits = issued.reduce((n, a) => n + a.quantity, 0);
  return moveStock(partNumber, stockContext(context), async () => {
    const returned = await returnedOfIssue(partNumber, input.issueSeq);
    const allocations = allocateReturn(issued, returned, input.quantity);
    if (!allocations) {
      throw invalid('more than issued', {
        field: 'quantity',
        code: 'too_big',
        messageKey: 'parts.returnExceedsIssue',
      });
    }
    return {
      kind: 'surplusReturn',
      allocations,
      sign: 1,
      details: { issueSeq: input.issueSeq, to: issue.data.to, ...(input.note ? { note: input.note } : {}) },
      extra: [returnedOfIssueItem(partNumber, input.issueSeq, input.quantity, issuedUnits)],
    };
  });
}

/** Transfer out of this stock (调拨出库): management only (the route's roles), FIFO, recorded. */
export async function transferParts(partNumber: string, input: TransferInput, context: MovementContext) {
  return moveStock(partNumber, stockContext(context), ({ stored, lots }) => {
    const allocations = allocateFifo(lots, input.quantity);
    if (!allocations) throw shortOfStock('quantity', stored, input.quantity);
    return {
      kind: 'transferOut',
      allocations,
      sign: -1,
      details: { destination: input.destination, reason: input.reason },
    };
  });
}

/** Replaced parts collected for repair (修旧利废), each booking with its cause. No stock value. */
export const bookToRepairMovement = (quantity: number, cause: string, caseId?: string): Movement => ({
  kind: 'toRepair',
  allocations: [],
  sign: 1,
  toRepair: quantity,
  details: { quantity, cause, ...(caseId ? { caseId } : {}) },
});

export async function bookToRepair(partNumber: string, input: ToRepairInput, context: MovementContext) {
  if (input.caseId) await checkDestination({ kind: 'serviceRequest', caseId: input.caseId }, 'case');
  return moveStock(partNumber, stockContext(context), () =>
    bookToRepairMovement(input.quantity, input.cause, input.caseId),
  );
}

/**
 * Units waiting for repair: repaired ones return to stock as a reused lot at their repair cost;
 * unrepairable ones leave the repair pool. Never more than wait (422 on quantity).
 */
export async function recordRepair(partNumber: string, input: RepairInput, context: MovementContext) {
  const today = shanghaiDate(context.now);
  return moveStock(partNumber, stockContext(context), ({ stored }) => {
    if (input.quantity > stored.card.toRepair) {
      throw invalid('more than wait for repair', {
        field: 'quantity',
        code: 'too_big',
        messageKey: 'parts.repairExceedsWaiting',
      });
    }
    if (input.outcome === 'unrepairable') {
      return {
        kind: 'unrepairable',
        allocations: [],
        sign: 1,
        toRepair: -input.quantity,
        details: { quantity: input.quantity, note: input.note },
      };
    }
    const lot: Allocation = {
      lotId: ulid(context.now.getTime()),
      receivedOn: today,
      quantity: input.quantity,
      unitCostFen: fenOf(input.repairCost),
      origin: 'reused',
    };
    return {
      kind: 'repaired',
      allocations: [lot],
      sign: 1,
      toRepair: -input.quantity,
      details: { lotId: lot.lotId, ...(input.note ? { note: input.note } : {}) },
    };
  });
}
