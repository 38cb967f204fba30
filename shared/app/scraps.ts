import { ulid } from 'ulid';
import { shanghaiDate } from '../calendar/plain-date.ts';
import { config } from '../config.ts';
import { formatPrefixedReference } from '../domain/reference.ts';
import {
  appraisalRefusal,
  availableScrapActions,
  decisionRefusal,
  initialStatusOf,
  type ScrapState,
  scrappedAsSparePart,
  scrapReferencePrefix,
  scrapRouteOf,
  statusAfterAppraisal,
  statusAfterDecision,
} from '../domain/scrap.ts';
import {
  type Allocation,
  allocateFifo,
  allocateFromLot,
  type Lot,
  valueOfAllocations,
  yuanOf,
} from '../domain/stock.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../errors.ts';
import type { StaffCaller } from '../http/roles.ts';
import type { MessageKey } from '../i18n/translate.ts';
import { mailboxOf } from '../mail/mailboxes.ts';
import { scrapApprovalMail } from '../mail/scrap-mail.ts';
import type {
  AppraisalInput,
  DecisionInput,
  Person,
  ScrapInput,
  ScrapListQuery,
  ScrapView,
} from '../schemas/scraps.ts';
import { type AuditEvent, actorOf, type ChainHead, emptyChain, nextEvent } from '../store/audit.ts';
import { listEvents } from '../store/audit-trail.ts';
import { nextCounterValue } from '../store/counters.ts';
import type { Page } from '../store/pagination.ts';
import { getPart, listLots, type StoredPart } from '../store/parts.ts';
import {
  getScrap,
  listScraps,
  type ScrapRecord,
  type StoredScrap,
  scrapKey,
  scrapWrites,
} from '../store/scraps.ts';
import { writeAll } from '../store/transactions.ts';
import { stagedMail } from './deliver-mail.ts';
import { moveStock, type StockContext } from './stock.ts';
import { shortOfStock } from './stock-movements.ts';

/** A role that does not fill the appraisal slot it names (requirements.md §4: who appraises). */
export class ScrapSlotRoleError extends ForbiddenError {
  override readonly titleKey = 'scrap.problem.slotRole';
}

/** The appraisal and approval rules refuse the step; the title says which rule. */
export class ScrapRuleError extends ConflictError {
  override readonly titleKey: MessageKey;
  constructor(titleKey: MessageKey, message: string) {
    super(message);
    this.titleKey = titleKey;
  }
}

export const scrapView = (record: ScrapRecord): ScrapView => {
  const { valueFen, bookedValueFen, ...rest } = record;
  return {
    ...rest,
    value: yuanOf(valueFen),
    ...(bookedValueFen !== undefined ? { bookedValue: yuanOf(bookedValueFen) } : {}),
    availableActions: availableScrapActions(record.status),
  };
};

const personOf = (caller: StaffCaller): Person => ({
  sub: caller.sub,
  ...(caller.email ? { email: caller.email } : {}),
});

const stockContext = (caller: StaffCaller, now: Date): StockContext => ({ actor: actorOf(caller), now });

const stateOf = (record: ScrapRecord): ScrapState => ({
  status: record.status,
  appraisals: record.appraisals,
});

const invalid = (message: string, field: string, code: string, messageKey: MessageKey) =>
  new ValidationError(message, { issues: [{ field, code, messageKey }] });

/** The part a scrap may name: in the catalogue (422) and not a fixed asset (422, the asset procedure). */
function scrappablePart(stored: StoredPart | undefined, partNumber: string): StoredPart {
  if (!stored) throw invalid(`no part ${partNumber}`, 'partNumber', 'not_found', 'parts.unknownPart');
  if (!scrappedAsSparePart(stored.part)) {
    throw invalid(`part ${partNumber} is a fixed asset`, 'partNumber', 'fixed_asset', 'scrap.fixedAsset');
  }
  return stored;
}

/** The units a scrap takes: of its lot, or the oldest lots first; undefined when stock holds fewer. */
const allocationOf = (lots: readonly Lot[], scrap: { quantity: number; lotId?: string }) =>
  scrap.lotId !== undefined
    ? allocateFromLot(lots, scrap.lotId, scrap.quantity)
    : allocateFifo(lots, scrap.quantity);

/** The units a new request takes, or the 422 naming the lot or the quantity. */
function requestedUnits(stock: { stored: StoredPart; lots: Lot[] }, input: ScrapInput): Allocation[] {
  const allocations = allocationOf(stock.lots, input);
  if (allocations) return allocations;
  if (input.lotId === undefined) throw shortOfStock('quantity', stock.stored, input.quantity);
  if (!stock.lots.some((lot) => lot.lotId === input.lotId)) {
    throw invalid(`no lot ${input.lotId} in stock`, 'lotId', 'not_found', 'scrap.lotNotFound');
  }
  throw invalid(`lot ${input.lotId} holds fewer`, 'quantity', 'insufficient_stock', 'scrap.lotShort');
}

/** The ledger entry's details of a scrap (its reason and the request it belongs to). */
const ledgerDetails = (record: ScrapRecord) => ({
  scrapId: record.id,
  reference: record.reference,
  route: record.route,
  reason: record.reason,
});

/**
 * POST /v1/scraps. Worth at most 200 yuan at the lots' costs: scrapped at once, the request and the
 * part's `scrap` movement in one transaction. Over 200 yuan: the request waits for its three
 * appraisals and nothing leaves stock yet. A part missing from the catalogue, a fixed asset, a lot
 * not in stock or too few units: 422 naming the field, nothing written.
 */
export async function requestScrap(input: ScrapInput, caller: StaffCaller, now: Date): Promise<ScrapView> {
  const [part, lots] = await Promise.all([getPart(input.partNumber), listLots(input.partNumber)]);
  const stored = scrappablePart(part, input.partNumber);
  const valueFen = valueOfAllocations(requestedUnits({ stored, lots }, input));
  const route = scrapRouteOf(valueFen);
  const day = shanghaiDate(now);
  const reference = formatPrefixedReference(
    scrapReferencePrefix,
    day,
    await nextCounterValue(`${scrapReferencePrefix}#${day}`),
  );
  const at = now.toISOString();
  const requested = (unitsValueFen: number): ScrapRecord => ({
    id: ulid(now.getTime()),
    reference,
    partNumber: stored.part.partNumber,
    partName: stored.part.name,
    quantity: input.quantity,
    ...(input.lotId !== undefined ? { lotId: input.lotId } : {}),
    valueFen: unitsValueFen,
    reason: input.reason,
    status: initialStatusOf(route),
    route,
    appraisals: {},
    requestedBy: personOf(caller),
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  const firstEvent = (record: ScrapRecord, type: string) =>
    nextEvent(scrapKey(record.id), emptyChain, {
      type,
      at: now,
      actor: actorOf(caller),
      data: {
        reference,
        partNumber: record.partNumber,
        quantity: record.quantity,
        ...(record.lotId !== undefined ? { lotId: record.lotId } : {}),
        valueFen: record.valueFen,
        route: record.route,
        reason: record.reason,
        ...(record.ledgerSeq !== undefined ? { ledgerSeq: record.ledgerSeq } : {}),
      },
    });

  if (route === 'appraisal') {
    const record = requested(valueFen);
    await writeAll(scrapWrites(record, firstEvent(record, 'scrap.requested')));
    return scrapView(record);
  }
  let scrapped: ScrapRecord | undefined;
  await moveStock(input.partNumber, stockContext(caller, now), (stock) => {
    const current = scrappablePart(stock.stored, input.partNumber);
    const allocations = requestedUnits({ stored: current, lots: stock.lots }, input);
    const bookedValueFen = valueOfAllocations(allocations);
    // The lots moved between our reads and now cost more than the warehouse may scrap alone.
    if (scrapRouteOf(bookedValueFen) !== 'warehouse') {
      throw new ScrapRuleError('scrap.problem.stockChanged', `scrap of ${input.partNumber} now over 200`);
    }
    const record: ScrapRecord = {
      ...requested(bookedValueFen),
      bookedValueFen,
      ledgerSeq: stock.stored.head.eventCount + 1,
    };
    scrapped = record;
    return {
      kind: 'scrap',
      allocations,
      sign: -1,
      details: ledgerDetails(record),
      extra: scrapWrites(record, firstEvent(record, 'scrap.scrapped')),
    };
  });
  if (!scrapped) throw new Error('scrap movement written without its request');
  return scrapView(scrapped);
}

async function storedScrap(id: string): Promise<StoredScrap> {
  const stored = await getScrap(id);
  if (!stored) throw new NotFoundError(`scrap ${id}`);
  return stored;
}

function checkVersion(record: ScrapRecord, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== record.version) {
    throw new PreconditionFailedError(`scrap ${record.id} is at version ${record.version}`);
  }
}

export async function getScrapDetail(id: string): Promise<ScrapView & { timeline: AuditEvent[] }> {
  const { record } = await storedScrap(id);
  return { ...scrapView(record), timeline: await listEvents(scrapKey(id)) };
}

export async function listScrapViews(query: ScrapListQuery): Promise<Page<ScrapView>> {
  const page = await listScraps(query);
  return { ...page, items: page.items.map(scrapView) };
}

const appraisalProblems = {
  notAppraising: 'scrap.problem.notAppraising',
  slotTaken: 'scrap.problem.slotTaken',
  samePerson: 'scrap.problem.samePerson',
} as const satisfies Record<string, MessageKey>;

/**
 * POST /v1/scraps/{id}/appraisals: one of the three appraisals, each by its own role (403 for
 * another) and by three different people (409). The third sends the request to management, whose
 * mailbox is told in the same transaction. `If-Match`: 412 when stale; a lost race: 409.
 */
export async function appraiseScrap(
  id: string,
  input: AppraisalInput,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<ScrapView> {
  const { record, head } = await storedScrap(id);
  const refusal = appraisalRefusal(stateOf(record), input.slot, { sub: caller.sub, roles: caller.roles });
  if (refusal === 'wrongRole') throw new ScrapSlotRoleError(`role may not appraise as ${input.slot}`);
  checkVersion(record, expectedVersion);
  if (refusal) throw new ScrapRuleError(appraisalProblems[refusal], `${refusal}: scrap ${id}`);

  const at = now.toISOString();
  const appraisals = {
    ...record.appraisals,
    [input.slot]: { opinion: input.opinion, note: input.note, at, by: personOf(caller) },
  };
  const status = statusAfterAppraisal(appraisals);
  const after: ScrapRecord = { ...record, appraisals, status, version: record.version + 1, updatedAt: at };
  const event = nextEvent(scrapKey(id), head, {
    type: 'scrap.appraised',
    at: now,
    actor: actorOf(caller),
    data: { slot: input.slot, opinion: input.opinion, note: input.note, from: record.status, to: status },
  });
  const mails = stagedMail(
    status === 'awaitingApproval'
      ? [
          {
            id: `scrap-approval-${id}`,
            purpose: 'scrapApproval',
            message: scrapApprovalMail(after, mailboxOf('manager'), config().CONSOLE_URL),
          },
        ]
      : [],
    now,
  );
  await writeAll([...scrapWrites(after, event, record.version), ...mails.items]);
  await mails.send();
  return scrapView(after);
}

const decisionProblems = {
  notAwaitingApproval: 'scrap.problem.notAwaitingApproval',
  approverIsAppraiser: 'scrap.problem.approverIsAppraiser',
} as const satisfies Record<string, MessageKey>;

/** The request after management's decision, with its audit event. */
function decided(
  stored: StoredScrap,
  input: DecisionInput,
  caller: StaffCaller,
  now: Date,
  booked?: { ledgerSeq: number; bookedValueFen: number },
) {
  const { record, head }: { record: ScrapRecord; head: ChainHead } = stored;
  const at = now.toISOString();
  const decision = {
    decision: input.decision,
    ...(input.note ? { note: input.note } : {}),
    at,
    by: personOf(caller),
  };
  const after: ScrapRecord = {
    ...record,
    status: statusAfterDecision(input.decision),
    decision,
    ...booked,
    version: record.version + 1,
    updatedAt: at,
  };
  const event = nextEvent(scrapKey(record.id), head, {
    type: input.decision === 'approve' ? 'scrap.approved' : 'scrap.rejected',
    at: now,
    actor: actorOf(caller),
    data: {
      from: record.status,
      to: after.status,
      ...(input.note ? { note: input.note } : {}),
      ...(booked ?? {}),
    },
  });
  return { after, writes: scrapWrites(after, event, record.version) };
}

/**
 * POST /v1/scraps/{id}/decision: management approves or rejects once the three appraisals are in
 * (409 before: one approver alone never scraps), never an appraiser of the same request (409).
 * Approving against a `keep` opinion needs a note (422). An approval books the part's `scrap`
 * movement in the same transaction, from the lots as they stand now (the value booked may differ
 * from the value appraised; both are kept); units no longer in stock: 409, nothing written.
 */
export async function decideScrap(
  id: string,
  input: DecisionInput,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<ScrapView> {
  const stored = await storedScrap(id);
  const { record } = stored;
  checkVersion(record, expectedVersion);
  const refusal = decisionRefusal(stateOf(record), input.decision, caller.sub, input.note);
  if (refusal === 'noteRequired') {
    throw invalid(
      'approval against a keep opinion needs a note',
      'note',
      'required',
      'scrap.keepNoteRequired',
    );
  }
  if (refusal) throw new ScrapRuleError(decisionProblems[refusal], `${refusal}: scrap ${id}`);

  if (input.decision === 'reject') {
    const { after, writes } = decided(stored, input, caller, now);
    await writeAll(writes);
    return scrapView(after);
  }
  let approved: ScrapRecord | undefined;
  await moveStock(record.partNumber, stockContext(caller, now), async (stock) => {
    // Decided again after a lost race on the part: the request itself must not have moved on.
    const current = await getScrap(id);
    if (current?.record.version !== record.version) throw new ConflictError(`scrap ${id} changed`);
    const allocations = allocationOf(stock.lots, record);
    if (!allocations) {
      throw new ScrapRuleError('scrap.problem.stockGone', `scrap ${id}: units no longer in stock`);
    }
    const { after, writes } = decided(current, input, caller, now, {
      ledgerSeq: stock.stored.head.eventCount + 1,
      bookedValueFen: valueOfAllocations(allocations),
    });
    approved = after;
    return { kind: 'scrap', allocations, sign: -1, details: ledgerDetails(after), extra: writes };
  });
  if (!approved) throw new Error('scrap movement written without its request');
  return scrapView(approved);
}
