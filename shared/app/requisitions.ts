import { ulid } from 'ulid';
import { shanghaiDate } from '../calendar/plain-date.ts';
import { formatPrefixedReference } from '../domain/reference.ts';
import {
  availableActions,
  type Decision,
  decideApproval,
  decideCancel,
  decideDelayReport,
  decideOrder,
  decideStockCheck,
  isMakerChange,
  type Refusal,
  type RequisitionAction,
  refusals,
} from '../domain/requisition.ts';
import {
  type AppError,
  ConflictError,
  type FieldIssue,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../errors.ts';
import { hasAnyRole, type Role, type StaffCaller } from '../http/roles.ts';
import type { MessageKey } from '../i18n/translate.ts';
import type {
  ApprovalInputBody,
  CancelInput,
  DelayReportInput,
  OrderInput,
  RequisitionInput,
  RequisitionListQuery,
  RequisitionRecord,
  RequisitionView,
  Stamp,
  StockCheckInput,
} from '../schemas/requisitions.ts';
import { type Actor, type AuditEvent, actorOf, emptyChain, nextEvent } from '../store/audit.ts';
import { listEvents } from '../store/audit-trail.ts';
import { nextCounterValue } from '../store/counters.ts';
import type { Page } from '../store/pagination.ts';
import { getPart, type TransactItem } from '../store/parts.ts';
import {
  getRequisition,
  listRequisitions,
  openReorderItem,
  type RequisitionWrite,
  requisitionItems,
  requisitionKey,
  type StoredRequisition,
} from '../store/requisitions.ts';
import { writeAll } from '../store/transactions.ts';

/** Requisitions are numbered like returns: `QG-20261127-0001` (请购). */
export const requisitionReferencePrefix = 'QG';

/** Who sees every department's requisitions; anyone else only their own department's. */
const plantWide: readonly Role[] = ['warehouse', 'manager', 'admin'];

/** The titles of the refusals: a 409 or 403 names its rule, a 422 the field's problem. */
const refusalMessages: Record<Refusal, MessageKey> = {
  illegalStatus: 'requisitions.problem.illegalStatus',
  notStockChecked: 'requisitions.problem.notStockChecked',
  levelDecided: 'requisitions.problem.levelDecided',
  sameApprover: 'requisitions.problem.sameApprover',
  notApprovedByBoth: 'requisitions.problem.notApprovedByBoth',
  makerChangeNotApproved: 'requisitions.problem.makerChangeNotApproved',
  partlyReceived: 'requisitions.problem.partlyReceived',
  departmentCancelTooLate: 'requisitions.problem.departmentCancelTooLate',
  makerChangeRequired: 'requisitions.makerChangeRequired',
  makerChangeNotProposed: 'requisitions.makerChangeNotProposed',
  makerChangeRejectedButApproved: 'requisitions.makerChangeRejectedButApproved',
  learnedOnInFuture: 'requisitions.learnedOnInFuture',
  learnedOnBeforeOrder: 'requisitions.learnedOnBeforeOrder',
  newExpectedOnTooEarly: 'requisitions.newExpectedOnTooEarly',
  notOrderedForPart: 'requisitions.notOrderedForPart',
  exceedsOrdered: 'requisitions.exceedsOrdered',
};

/** A requisition's rule refuses the step (409): its title names the rule. */
export class RequisitionRefusedError extends ConflictError {
  override readonly titleKey: MessageKey;
  constructor(message: string, titleKey: MessageKey, titleParams: Record<string, string | number> = {}) {
    super(message, { titleParams });
    this.titleKey = titleKey;
  }
}

/** Not this caller's step (403): the wrong approver, a department cancelling too late. */
export class RequisitionForbiddenError extends ForbiddenError {
  override readonly titleKey: MessageKey;
  constructor(message: string, titleKey: MessageKey) {
    super(message);
    this.titleKey = titleKey;
  }
}

/** The HTTP error of a refusal by the rules (shared/domain/requisition.ts). */
export function refusalError(refusal: Refusal, context: { status: string; action: string }): AppError {
  const rule = refusals[refusal];
  const key = refusalMessages[refusal];
  const message = `${context.action} refused (${refusal}) at ${context.status}`;
  if (rule.kind === 'invalid') {
    return new ValidationError(message, { issues: [{ field: rule.field, code: refusal, messageKey: key }] });
  }
  if (rule.kind === 'forbidden') return new RequisitionForbiddenError(message, key);
  return new RequisitionRefusedError(message, key, context);
}

const invalid = (message: string, ...issues: FieldIssue[]) => new ValidationError(message, { issues });

export const viewOf = (record: RequisitionRecord): RequisitionView => ({
  ...record,
  availableActions: availableActions(record),
});

/** Who did a step, as the requisition records it. */
export const stampOf = (caller: StaffCaller): Stamp => ({
  sub: caller.sub,
  ...(caller.email ? { email: caller.email } : {}),
});

/** The department a department user is confined to ('' when their token names none); undefined for plant-wide roles. */
export const departmentScope = (caller: StaffCaller): string | undefined =>
  caller.roles.some((role) => plantWide.includes(role)) ? undefined : (caller.departmentId ?? '');

/** A new requisition's id and reference (`QG-<Beijing day>-<counter>`). */
export async function newIdentity(now: Date): Promise<{ id: string; reference: string }> {
  const day = shanghaiDate(now);
  const counter = await nextCounterValue(`${requisitionReferencePrefix}#${day}`);
  return {
    id: ulid(now.getTime()),
    reference: formatPrefixedReference(requisitionReferencePrefix, day, counter),
  };
}

/** The first event of a new requisition, with the record to write. */
export const createdWrite = (
  record: RequisitionRecord,
  type: string,
  actor: Actor,
  now: Date,
  data: Record<string, unknown>,
): RequisitionWrite => ({
  record,
  event: nextEvent(requisitionKey(record.id), emptyChain, { type, at: now, actor, data }),
});

/**
 * POST /v1/requisitions: a department asks for its own department (naming another: 403); the
 * warehouse names the department. Every part must be in the catalogue (422 naming the line). A key
 * part line naming another maker or model than the catalogue's is marked `makerChange` (三定).
 */
export async function createRequisition(
  input: RequisitionInput,
  caller: StaffCaller,
  now: Date,
): Promise<RequisitionView> {
  const scope = departmentScope(caller);
  if (scope !== undefined && (scope === '' || (input.departmentId ?? scope) !== scope)) {
    throw new ForbiddenError('department users request for their own department');
  }
  const departmentId = scope ?? input.departmentId;
  if (!departmentId) {
    throw invalid('department required', {
      field: 'departmentId',
      code: 'required',
      messageKey: 'field.required',
    });
  }
  if (input.neededBy !== undefined && input.neededBy < shanghaiDate(now)) {
    throw invalid('needed by a past day', {
      field: 'neededBy',
      code: 'in_past',
      messageKey: 'field.dateInPast',
    });
  }
  const parts = await Promise.all(input.lines.map((line) => getPart(line.partNumber)));
  const unknown = parts.flatMap((stored, index) => (stored ? [] : [index]));
  if (unknown.length > 0) {
    throw invalid(
      'unknown parts',
      ...unknown.map((index) => ({
        field: `lines.${index}.partNumber`,
        code: 'not_found',
        messageKey: 'parts.unknownPart' as const,
      })),
    );
  }
  const lines = input.lines.map((line, index) => {
    const part = parts[index]?.part;
    const maker = line.maker ?? part?.maker;
    const model = line.model ?? part?.model;
    return {
      partNumber: line.partNumber,
      name: part?.name ?? line.partNumber,
      quantity: line.quantity,
      received: 0,
      ...(maker ? { maker } : {}),
      ...(model ? { model } : {}),
      makerChange: part ? isMakerChange(part, line) : false,
    };
  });
  const at = now.toISOString();
  const record: RequisitionRecord = {
    ...(await newIdentity(now)),
    origin: 'request',
    status: 'awaitingStockCheck',
    departmentId,
    requestedBy: stampOf(caller),
    urgent: input.urgent,
    ...(input.neededBy ? { neededBy: input.neededBy } : {}),
    reason: input.reason,
    lines,
    approvals: {},
    delayReports: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const write = createdWrite(record, 'requisition.created', actorOf(caller), now, {
    reference: record.reference,
    departmentId,
    urgent: record.urgent,
    lines: lines.map(({ partNumber, quantity, makerChange }) => ({ partNumber, quantity, makerChange })),
  });
  await writeAll(requisitionItems(write));
  return viewOf(record);
}

/** A requisition the caller may see; another department's is 404 for department users. */
async function visibleRequisition(id: string, caller: StaffCaller): Promise<StoredRequisition> {
  const stored = await getRequisition(id);
  const scope = departmentScope(caller);
  if (!stored || (scope !== undefined && stored.record.departmentId !== scope)) {
    throw new NotFoundError(`requisition ${id}`);
  }
  return stored;
}

export async function getRequisitionDetail(
  id: string,
  caller: StaffCaller,
): Promise<RequisitionView & { timeline: AuditEvent[] }> {
  const { record } = await visibleRequisition(id, caller);
  return { ...viewOf(record), timeline: await listEvents(requisitionKey(id)) };
}

export async function listRequisitionsFor(
  query: RequisitionListQuery,
  caller: StaffCaller,
): Promise<Page<RequisitionView>> {
  const scope = departmentScope(caller);
  if (scope !== undefined && query.departmentId !== undefined && query.departmentId !== scope) {
    throw new ForbiddenError('department users list their own department only');
  }
  const page = await listRequisitions(scope !== undefined ? { ...query, departmentId: scope } : query);
  return { ...page, items: page.items.map(viewOf) };
}

/** What a step changes: the decision of the rules, the new fields, its event, items written with it. */
interface Step {
  readonly decision: Decision;
  readonly changes?: Partial<RequisitionRecord>;
  readonly event?: { readonly type?: string; readonly data?: Record<string, unknown> };
  readonly extra?: readonly TransactItem[];
}

/**
 * Takes one step on a requisition the caller may see (404 otherwise): the If-Match version
 * (412 when stale), the rules' decision (`plan`; 409/403/422 when refused), then the requisition,
 * its event and `extra` in one transaction. A transaction lost only to another item of `extra`
 * (the part, changed by a movement) is planned again; a requisition changed meanwhile is 409.
 */
async function takeStep(
  id: string,
  action: RequisitionAction,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
  plan: (record: RequisitionRecord) => Step | Promise<Step>,
  attempts = 3,
): Promise<RequisitionView> {
  let first: number | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const { record, head } = await visibleRequisition(id, caller);
    first ??= expectedVersion ?? record.version;
    if (record.version !== first) {
      if (attempt === 1)
        throw new PreconditionFailedError(`requisition ${id} is at version ${record.version}`);
      throw new ConflictError(`requisition ${id} changed meanwhile`);
    }
    const step = await plan(record);
    if (!step.decision.ok) throw refusalError(step.decision.refusal, { status: record.status, action });
    const to = step.decision.to;
    const after: RequisitionRecord = {
      ...record,
      ...step.changes,
      status: to,
      version: record.version + 1,
      updatedAt: now.toISOString(),
    };
    const event = nextEvent(requisitionKey(id), head, {
      type: step.event?.type ?? `requisition.${action}`,
      at: now,
      actor: actorOf(caller),
      data: { from: record.status, to, ...step.event?.data },
    });
    try {
      await writeAll([...requisitionItems({ record: after, event }, record.version), ...(step.extra ?? [])]);
      return viewOf(after);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}

const withNote = (note: string | undefined) => (note ? { note } : {});

/** The warehouse keeper checks the stock (库管核对库存): each line's units in stock now. */
export async function checkStock(
  id: string,
  input: StockCheckInput,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<RequisitionView> {
  return takeStep(id, 'stockCheck', expectedVersion, caller, now, async (record) => {
    const decision = decideStockCheck(record);
    if (!decision.ok) return { decision };
    const parts = await Promise.all(record.lines.map((line) => getPart(line.partNumber)));
    const lines = record.lines.map((line, i) => ({ ...line, onHandAtCheck: parts[i]?.card.onHand ?? 0 }));
    return {
      decision,
      changes: { lines, stockCheck: { at: now.toISOString(), by: stampOf(caller), ...withNote(input.note) } },
      event: {
        type: 'requisition.stockChecked',
        data: {
          onHand: lines.map(({ partNumber, onHandAtCheck }) => ({ partNumber, onHand: onHandAtCheck })),
          ...withNote(input.note),
        },
      },
    };
  });
}

/**
 * One level's approval: the department level by a department user of the requisition's own
 * department (its head), the plant level by management (厂领导); anyone else 403. The rules
 * (two different people, once each, after the stock check, the maker change) are the domain's.
 */
export async function approveRequisition(
  id: string,
  input: ApprovalInputBody,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<RequisitionView> {
  return takeStep(id, 'approve', expectedVersion, caller, now, (record) => {
    const mayDecide =
      input.level === 'plant'
        ? hasAnyRole(caller, ['manager'])
        : hasAnyRole(caller, ['department']) &&
          record.departmentId !== undefined &&
          caller.departmentId === record.departmentId;
    if (!mayDecide) {
      throw new RequisitionForbiddenError(
        `not the ${input.level} approver`,
        'requisitions.problem.wrongApprover',
      );
    }
    const decision = decideApproval(record, { ...input, approver: caller.sub });
    const approval = {
      decision: input.decision,
      at: now.toISOString(),
      by: stampOf(caller),
      ...withNote(input.note),
      ...(input.makerChange ? { makerChange: input.makerChange } : {}),
    };
    return {
      decision,
      changes: { approvals: { ...record.approvals, [input.level]: approval } },
      event: {
        type: `requisition.${input.level}${input.decision === 'approve' ? 'Approved' : 'Rejected'}`,
        data: {
          level: input.level,
          decision: input.decision,
          ...withNote(input.note),
          ...(input.makerChange ? { makerChange: input.makerChange } : {}),
        },
      },
    };
  });
}

/** Purchase: only approved by both levels, or a reorder proposal within the quota (409 otherwise). */
export async function orderRequisition(
  id: string,
  input: OrderInput,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<RequisitionView> {
  return takeStep(id, 'order', expectedVersion, caller, now, (record) => {
    const decision = decideOrder(record);
    if (decision.ok && input.expectedOn < shanghaiDate(now)) {
      throw invalid('expected in the past', {
        field: 'expectedOn',
        code: 'in_past',
        messageKey: 'field.dateInPast',
      });
    }
    const order = { supplier: input.supplier, expectedOn: input.expectedOn, ...withNote(input.note) };
    return {
      decision,
      changes: { order: { ...order, at: now.toISOString(), by: stampOf(caller) } },
      event: { type: 'requisition.ordered', data: order },
    };
  });
}

/**
 * The buyer's written delay report (书面报告): `late` when reported more than 3 calendar days
 * (Beijing) after learning of the delay. Clears the job's overdue flag.
 */
export async function reportPurchaseDelay(
  id: string,
  input: DelayReportInput,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<RequisitionView> {
  return takeStep(id, 'reportDelay', expectedVersion, caller, now, (record) => {
    const orderedOn = record.order ? shanghaiDate(new Date(record.order.at)) : shanghaiDate(now);
    const decision = decideDelayReport(record, input, orderedOn, shanghaiDate(now));
    if (!decision.ok) return { decision };
    const report = { ...input, reportedAt: now.toISOString(), by: stampOf(caller), late: decision.late };
    return {
      decision: { ok: true, to: record.status },
      changes: { delayReports: [...record.delayReports, report], delayReportOverdue: undefined },
      event: { type: 'requisition.delayReported', data: { ...input, late: decision.late } },
    };
  });
}

/**
 * Cancels a requisition not yet final (not a purchase of which parts arrived); department users
 * their own before approval. A reorder proposal cancelled frees its part for the next proposal.
 */
export async function cancelRequisition(
  id: string,
  input: CancelInput,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<RequisitionView> {
  const at = now.toISOString();
  return takeStep(id, 'cancel', expectedVersion, caller, now, async (record) => {
    const decision = decideCancel(record, departmentScope(caller) !== undefined);
    const extra = decision.ok ? await closedReorderItems(record, at) : [];
    return {
      decision,
      changes: { cancellation: { reason: input.reason, at, by: stampOf(caller) } },
      event: { type: 'requisition.cancelled', data: { reason: input.reason } },
      extra,
    };
  });
}

/** The part write that clears a closed reorder proposal from its part (none when it is not the open one). */
async function closedReorderItems(record: RequisitionRecord, at: string): Promise<TransactItem[]> {
  if (record.origin !== 'reorder') return [];
  const partNumber = record.lines[0]?.partNumber;
  const stored = partNumber ? await getPart(partNumber) : undefined;
  return stored?.part.openReorderId === record.id ? [openReorderItem(stored, undefined, at)] : [];
}
