import { addDays, type PlainDate } from '../calendar/plain-date.ts';

/**
 * Requisitions (请购单, requirements.md §4) as a pure state model. A department or the warehouse
 * asks for parts beyond the reserve quota; the warehouse keeper checks the stock; the department
 * head **and** plant management approve, two different people; only then is it bought (ordered),
 * and it is received through the receipts of its parts. A reorder proposal (补货建议) is a
 * requisition of origin `reorder`, made when a part falls to its low quota: it fills up to the high
 * quota, within the quota, so it is ordered without approvals.
 */
export const requisitionStatuses = [
  'proposed',
  'awaitingStockCheck',
  'awaitingApproval',
  'approved',
  'ordered',
  'received',
  'rejected',
  'cancelled',
] as const;
export type RequisitionStatus = (typeof requisitionStatuses)[number];

export const requisitionOrigins = ['request', 'reorder'] as const;
export type RequisitionOrigin = (typeof requisitionOrigins)[number];

/** Arrival is no action here: it happens through the receipts of the parts. */
export const requisitionActions = ['stockCheck', 'approve', 'order', 'reportDelay', 'cancel'] as const;
export type RequisitionAction = (typeof requisitionActions)[number];

/** The department head (部门负责人) and plant management (厂领导). */
export const approvalLevels = ['department', 'plant'] as const;
export type ApprovalLevel = (typeof approvalLevels)[number];
export const approvalDecisions = ['approve', 'reject'] as const;
export type ApprovalDecision = (typeof approvalDecisions)[number];
/** Plant management's word on a key part's other maker or model (三定). */
export const makerChangeDecisions = ['approved', 'rejected'] as const;
export type MakerChangeDecision = (typeof makerChangeDecisions)[number];

/** requirements.md §4: a purchase that cannot arrive on time is reported in writing within 3 days. */
export const DELAY_REPORT_DAYS = 3;

export interface RequisitionLineState {
  readonly partNumber: string;
  readonly quantity: number;
  readonly received: number;
  readonly makerChange: boolean;
}

export interface ApprovalState {
  readonly decision: ApprovalDecision;
  readonly by: { readonly sub?: string | undefined };
  readonly makerChange?: MakerChangeDecision | undefined;
}

/** What the rules decide on (a stored requisition satisfies it). */
export interface RequisitionState {
  readonly status: RequisitionStatus;
  readonly origin: RequisitionOrigin;
  readonly lines: readonly RequisitionLineState[];
  readonly approvals: {
    readonly department?: ApprovalState | undefined;
    readonly plant?: ApprovalState | undefined;
  };
  readonly order?: { readonly expectedOn: PlainDate; readonly at: string } | undefined;
  readonly delayReports: readonly { readonly newExpectedOn: PlainDate }[];
  readonly delayReportOverdue?: unknown;
}

/**
 * Why a step is refused. `conflict` ones are 409 (the requisition's state does not allow it),
 * `forbidden` 403 (not this caller), `invalid` 422 naming `field` (the request does not fit).
 */
export const refusals = {
  illegalStatus: { kind: 'conflict' },
  notStockChecked: { kind: 'conflict' },
  levelDecided: { kind: 'conflict' },
  sameApprover: { kind: 'conflict' },
  notApprovedByBoth: { kind: 'conflict' },
  makerChangeNotApproved: { kind: 'conflict' },
  partlyReceived: { kind: 'conflict' },
  departmentCancelTooLate: { kind: 'forbidden' },
  makerChangeRequired: { kind: 'invalid', field: 'makerChange' },
  makerChangeNotProposed: { kind: 'invalid', field: 'makerChange' },
  makerChangeRejectedButApproved: { kind: 'invalid', field: 'makerChange' },
  learnedOnInFuture: { kind: 'invalid', field: 'learnedOn' },
  learnedOnBeforeOrder: { kind: 'invalid', field: 'learnedOn' },
  newExpectedOnTooEarly: { kind: 'invalid', field: 'newExpectedOn' },
  notOrderedForPart: { kind: 'invalid', field: 'requisitionId' },
  exceedsOrdered: { kind: 'invalid', field: 'quantity' },
} as const satisfies Record<string, { kind: 'conflict' | 'forbidden' } | { kind: 'invalid'; field: string }>;
export type Refusal = keyof typeof refusals;

export type Decision<T = { readonly to: RequisitionStatus }> =
  | ({ readonly ok: true } & T)
  | { readonly ok: false; readonly refusal: Refusal };

const refuse = (refusal: Refusal) => ({ ok: false, refusal }) as const;

const finalStatuses: readonly RequisitionStatus[] = ['received', 'rejected', 'cancelled'];
export const isFinal = (status: RequisitionStatus): boolean => finalStatuses.includes(status);

/** A key part line naming another maker or model than the catalogue's (三定: needs management). */
export function isMakerChange(
  part: { readonly category: string; readonly maker?: string; readonly model?: string },
  line: { readonly maker?: string | undefined; readonly model?: string | undefined },
): boolean {
  if (part.category !== 'key') return false;
  return (
    (line.maker !== undefined && line.maker !== part.maker) ||
    (line.model !== undefined && line.model !== part.model)
  );
}

export const proposesMakerChange = (state: Pick<RequisitionState, 'lines'>): boolean =>
  state.lines.some((line) => line.makerChange);

/** The warehouse keeper's stock check (库管核对库存) opens the approvals. */
export const decideStockCheck = (state: RequisitionState): Decision =>
  state.status === 'awaitingStockCheck' ? { ok: true, to: 'awaitingApproval' } : refuse('illegalStatus');

export interface ApprovalInput {
  readonly level: ApprovalLevel;
  readonly decision: ApprovalDecision;
  /** Who decides (their `sub`): the two levels need two people. */
  readonly approver: string;
  readonly makerChange?: MakerChangeDecision | undefined;
}

const otherLevel = (level: ApprovalLevel): ApprovalLevel => (level === 'department' ? 'plant' : 'department');

/**
 * One level's decision. Both levels decide once each, after the stock check, and not the same
 * person. When a line changes a key part's maker or model, plant management states whether it
 * approves the change; approving the purchase while refusing the change is refused (422): the lines
 * name that maker, so the plant rejects the requisition instead and a new one names the catalogue's.
 * So an approved requisition always has its maker change approved. A reject ends it; the second
 * approval approves it.
 */
export function decideApproval(state: RequisitionState, input: ApprovalInput): Decision {
  if (state.status === 'awaitingStockCheck') return refuse('notStockChecked');
  if (state.status !== 'awaitingApproval') return refuse('illegalStatus');
  if (state.approvals[input.level]) return refuse('levelDecided');
  const other = state.approvals[otherLevel(input.level)];
  if (other?.by.sub !== undefined && other.by.sub === input.approver) return refuse('sameApprover');
  const changing = proposesMakerChange(state);
  if (input.makerChange !== undefined && (!changing || input.level !== 'plant')) {
    return refuse('makerChangeNotProposed');
  }
  if (changing && input.level === 'plant') {
    if (input.makerChange === undefined) return refuse('makerChangeRequired');
    if (input.decision === 'approve' && input.makerChange === 'rejected') {
      return refuse('makerChangeRejectedButApproved');
    }
  }
  if (input.decision === 'reject') return { ok: true, to: 'rejected' };
  return { ok: true, to: other?.decision === 'approve' ? 'approved' : 'awaitingApproval' };
}

/** Approved by both levels, by two people, with any maker change approved by the plant. */
function approvedByBoth(state: RequisitionState): Refusal | undefined {
  const { department, plant } = state.approvals;
  if (department?.decision !== 'approve' || plant?.decision !== 'approve') return 'notApprovedByBoth';
  if (department.by.sub === undefined || department.by.sub === plant.by.sub) return 'notApprovedByBoth';
  if (proposesMakerChange(state) && plant.makerChange !== 'approved') return 'makerChangeNotApproved';
  return undefined;
}

/**
 * Purchase (采购): no purchase without both approvals (requirements.md §4). A reorder proposal
 * buys within the quota and is ordered as proposed.
 */
export function decideOrder(state: RequisitionState): Decision {
  if (state.status === 'proposed' && state.origin === 'reorder') return { ok: true, to: 'ordered' };
  if (state.status === 'awaitingStockCheck' || state.status === 'awaitingApproval') {
    return refuse('notApprovedByBoth');
  }
  if (state.status !== 'approved') return refuse('illegalStatus');
  const missing = approvedByBoth(state);
  return missing ? refuse(missing) : { ok: true, to: 'ordered' };
}

/** The day the parts are now expected: the latest of the order's and the delay reports' dates. */
export function expectedOn(state: RequisitionState): PlainDate | undefined {
  if (!state.order) return undefined;
  // ISO days sort as text.
  return [state.order.expectedOn, ...state.delayReports.map((r) => r.newExpectedOn)].sort().at(-1);
}

/** Reported more than 3 calendar days after the buyer learned of the delay (too late). */
export const isLateReport = (learnedOn: PlainDate, reportedOn: PlainDate): boolean =>
  reportedOn > addDays(learnedOn, DELAY_REPORT_DAYS);

export interface DelayReportInput {
  readonly learnedOn: PlainDate;
  readonly newExpectedOn: PlainDate;
}

/**
 * A written delay report (书面报告) on an ordered purchase, reported on `today`: learned of no
 * earlier than the order's day and not in the future; the new date later than the one expected so
 * far and not in the past. `late` when reported more than 3 days after learning of it.
 */
export function decideDelayReport(
  state: RequisitionState,
  input: DelayReportInput,
  orderedOn: PlainDate,
  today: PlainDate,
): Decision<{ readonly late: boolean }> {
  if (state.status !== 'ordered') return refuse('illegalStatus');
  if (input.learnedOn > today) return refuse('learnedOnInFuture');
  if (input.learnedOn < orderedOn) return refuse('learnedOnBeforeOrder');
  const current = expectedOn(state);
  if (input.newExpectedOn < today || (current !== undefined && input.newExpectedOn <= current)) {
    return refuse('newExpectedOnTooEarly');
  }
  return { ok: true, late: isLateReport(input.learnedOn, today) };
}

/**
 * An ordered purchase more than 3 days past the day it is expected (the order's, or the latest
 * delay report's) has missed its written report: flagged once, until a report clears it.
 */
export const isDelayReportOverdue = (state: RequisitionState, today: PlainDate): boolean => {
  const expected = expectedOn(state);
  return (
    state.status === 'ordered' &&
    state.delayReportOverdue === undefined &&
    expected !== undefined &&
    today > addDays(expected, DELAY_REPORT_DAYS)
  );
};

/** Statuses a department user may still cancel their own requisition in: before its approval. */
const departmentCancellable: readonly RequisitionStatus[] = ['awaitingStockCheck', 'awaitingApproval'];

/**
 * Cancelling: any requisition not yet final, but not a purchase of which parts have arrived.
 * A department user cancels only before the approval.
 */
export function decideCancel(state: RequisitionState, byDepartment: boolean): Decision {
  if (isFinal(state.status)) return refuse('illegalStatus');
  if (state.status === 'ordered' && state.lines.some((line) => line.received > 0)) {
    return refuse('partlyReceived');
  }
  if (byDepartment && !departmentCancellable.includes(state.status)) return refuse('departmentCancelTooLate');
  return { ok: true, to: 'cancelled' };
}

/**
 * An arrival of `quantity` units of a part for a purchase: only for a part it ordered, and never
 * more than is still to come. `complete` when every line has arrived in full.
 */
export function decideArrival<L extends RequisitionLineState>(
  state: { readonly status: RequisitionStatus; readonly lines: readonly L[] },
  partNumber: string,
  quantity: number,
): Decision<{ readonly lines: L[]; readonly complete: boolean; readonly to: RequisitionStatus }> {
  const line = state.lines.find((l) => l.partNumber === partNumber);
  if (state.status !== 'ordered' || !line) return refuse('notOrderedForPart');
  if (line.received + quantity > line.quantity) return refuse('exceedsOrdered');
  const lines = state.lines.map((l) => (l === line ? { ...l, received: l.received + quantity } : l));
  const complete = lines.every((l) => l.received >= l.quantity);
  return { ok: true, lines, complete, to: complete ? 'received' : 'ordered' };
}

/** The actions legal from `state`, whoever asks (what the console offers). */
export function availableActions(state: RequisitionState): RequisitionAction[] {
  const legal: Record<RequisitionAction, boolean> = {
    stockCheck: decideStockCheck(state).ok,
    approve: state.status === 'awaitingApproval',
    order: decideOrder(state).ok,
    reportDelay: state.status === 'ordered',
    cancel: decideCancel(state, false).ok,
  };
  return requisitionActions.filter((action) => legal[action]);
}

/**
 * The reorder at the low quota (储备定额): a part stocked to a quota (high quota above 0) at or
 * below its low quota is filled up to its high quota. Undefined when no reorder is due.
 */
export function reorderQuantity(
  quota: { readonly lowQuota: number; readonly highQuota: number },
  onHand: number,
): number | undefined {
  if (quota.highQuota <= 0 || onHand > quota.lowQuota) return undefined;
  const quantity = quota.highQuota - onHand;
  return quantity > 0 ? quantity : undefined;
}
