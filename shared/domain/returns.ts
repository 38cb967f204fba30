import type { Role } from '../http/roles.ts';

/**
 * Returns and exchanges (退货/换货, RMA) as a pure state model. An office submits a request;
 * head office approves or rejects it; the goods come back (received), are inspected, and then
 * an exchange gets its replacement shipped and a return its refund recorded; then it is closed.
 * When the inspection does not confirm the problem, the request is closed without either.
 */
export const returnStatuses = [
  'submitted',
  'approved',
  'rejected',
  'received',
  'inspected',
  'replacementShipped',
  'refunded',
  'closed',
] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

export const returnKinds = ['return', 'exchange'] as const;
export type ReturnKind = (typeof returnKinds)[number];

export const inspectionOutcomes = ['confirmed', 'notConfirmed'] as const;
export type InspectionOutcome = (typeof inspectionOutcomes)[number];

export const returnActions = [
  'approve',
  'reject',
  'receive',
  'inspect',
  'shipReplacement',
  'recordRefund',
  'close',
] as const;
export type ReturnAction = (typeof returnActions)[number];

/** What decides a transition: where the request stands, what kind it is, what inspection found. */
export interface ReturnState {
  readonly status: ReturnStatus;
  readonly kind: ReturnKind;
  /** Set once inspected. */
  readonly inspection?: InspectionOutcome;
}

/** One legal move: `action` takes a request in one of `from` to `to`, when `kind`/`inspection` match. */
export interface TransitionRule {
  readonly action: ReturnAction;
  readonly from: readonly ReturnStatus[];
  readonly to: ReturnStatus;
  readonly kind?: ReturnKind;
  readonly inspection?: InspectionOutcome;
}

/** Every legal transition; anything not listed here is refused (409). */
export const transitionRules: readonly TransitionRule[] = [
  { action: 'approve', from: ['submitted'], to: 'approved' },
  { action: 'reject', from: ['submitted'], to: 'rejected' },
  { action: 'receive', from: ['approved'], to: 'received' },
  { action: 'inspect', from: ['received'], to: 'inspected' },
  {
    action: 'shipReplacement',
    from: ['inspected'],
    to: 'replacementShipped',
    kind: 'exchange',
    inspection: 'confirmed',
  },
  { action: 'recordRefund', from: ['inspected'], to: 'refunded', kind: 'return', inspection: 'confirmed' },
  { action: 'close', from: ['replacementShipped', 'refunded'], to: 'closed' },
  { action: 'close', from: ['inspected'], to: 'closed', inspection: 'notConfirmed' },
];

const headOffice: readonly Role[] = ['customer-service', 'manager', 'admin'];
const headOfficeAndOffices: readonly Role[] = [...headOffice, 'office'];

/** Who may take each action: head office decides; the goods' handling may also be recorded by the office. */
export const actionRoles: Readonly<Record<ReturnAction, readonly Role[]>> = {
  approve: headOffice,
  reject: headOffice,
  receive: headOfficeAndOffices,
  inspect: headOfficeAndOffices,
  shipReplacement: headOfficeAndOffices,
  recordRefund: headOfficeAndOffices,
  close: headOfficeAndOffices,
};

/** Everyone who may take some action on a return (the route's roles). */
export const returnActorRoles: readonly Role[] = headOfficeAndOffices;
/** Who may submit a return: the offices, and head office on their behalf. */
export const returnSubmitterRoles: readonly Role[] = headOfficeAndOffices;

/** Statuses in which the request's units still count against the delivery (all but rejected). */
export const holdsQuantity = (status: ReturnStatus): boolean => status !== 'rejected';

export type TransitionDecision =
  | { readonly ok: true; readonly to: ReturnStatus }
  | { readonly ok: false; readonly from: ReturnStatus; readonly action: ReturnAction };

/** The status `action` moves a request in `state` to, or a refusal when the move is illegal. */
export function decideTransition(state: ReturnState, action: ReturnAction): TransitionDecision {
  const rule = transitionRules.find(
    (r) =>
      r.action === action &&
      r.from.includes(state.status) &&
      (r.kind === undefined || r.kind === state.kind) &&
      (r.inspection === undefined || r.inspection === state.inspection),
  );
  return rule ? { ok: true, to: rule.to } : { ok: false, from: state.status, action };
}

/** The actions legal from `state` (what the UI offers). */
export const availableActions = (state: ReturnState): ReturnAction[] =>
  returnActions.filter((action) => decideTransition(state, action).ok);

export const isFinal = (status: ReturnStatus): boolean => status === 'rejected' || status === 'closed';

/** A delivered line: what was delivered of a product. */
export interface DeliveredLine {
  readonly productId: string;
  readonly quantity: number;
}

/** A requested line: how many of a product to return. */
export interface RequestedLine {
  readonly productId: string;
  readonly quantity: number;
}

export interface QuantityViolation {
  /** Index of the line in the request. */
  readonly index: number;
  readonly productId: string;
  readonly requested: number;
  /** Delivered minus already returned (0 for a product not in the delivery). */
  readonly available: number;
  readonly reason: 'notDelivered' | 'exceedsAvailable';
}

/**
 * The quantity rule: of each product, a request may return at most what the delivery brought
 * minus what requests that are not rejected already return. Lines naming the same product count
 * together. Returns the lines that break the rule (none: the request fits).
 */
export function quantityViolations(
  delivered: readonly DeliveredLine[],
  alreadyReturned: Readonly<Record<string, number>>,
  requested: readonly RequestedLine[],
): QuantityViolation[] {
  const deliveredOf = new Map<string, number>();
  for (const line of delivered) {
    deliveredOf.set(line.productId, (deliveredOf.get(line.productId) ?? 0) + line.quantity);
  }
  const asked = new Map<string, number>();
  const violations: QuantityViolation[] = [];
  requested.forEach((line, index) => {
    const delivery = deliveredOf.get(line.productId);
    const before = asked.get(line.productId) ?? 0;
    asked.set(line.productId, before + line.quantity);
    if (delivery === undefined) {
      violations.push({
        index,
        productId: line.productId,
        requested: line.quantity,
        available: 0,
        reason: 'notDelivered',
      });
      return;
    }
    const available = Math.max(0, delivery - (alreadyReturned[line.productId] ?? 0) - before);
    if (line.quantity > available) {
      violations.push({
        index,
        productId: line.productId,
        requested: line.quantity,
        available,
        reason: 'exceedsAvailable',
      });
    }
  });
  return violations;
}
