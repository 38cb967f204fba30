import { ulid } from 'ulid';
import { shanghaiDate } from '../calendar/plain-date.ts';
import { formatPrefixedReference, returnReferencePrefix } from '../domain/reference.ts';
import {
  actionRoles,
  availableActions,
  decideTransition,
  quantityViolations,
  type ReturnAction,
  type ReturnState,
} from '../domain/returns.ts';
import {
  ForbiddenError,
  IllegalReturnTransitionError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../errors.ts';
import { canSeeOffice, hasAnyRole, officeScope, type StaffCaller } from '../http/roles.ts';
import type { Language } from '../i18n/translate.ts';
import { translate } from '../i18n/translate.ts';
import type { Delivery } from '../schemas/customers.ts';
import type {
  ReturnInput,
  ReturnListQuery,
  ReturnRecord,
  ReturnTransition,
  ReturnView,
} from '../schemas/returns.ts';
import { type AuditEvent, actorOf, emptyChain, nextEvent } from '../store/audit.ts';
import { listEvents } from '../store/audit-trail.ts';
import { nextCounterValue } from '../store/counters.ts';
import { findDeliveries, listCustomerDeliveries } from '../store/deliveries.ts';
import { officeStatItems } from '../store/office-stats.ts';
import type { Page } from '../store/pagination.ts';
import { returnsStatItems } from '../store/report-stats.ts';
import {
  getReturn,
  insertReturn,
  listReturns,
  ReturnedUnitsExceeded,
  replaceReturn,
  returnedUnits,
  returnKey,
  type StoredReturn,
} from '../store/returns.ts';
import { visibleCustomer } from './customers.ts';

/** What the state model decides on. */
const stateOf = (record: ReturnRecord): ReturnState => ({
  status: record.status,
  kind: record.kind,
  ...(record.inspection ? { inspection: record.inspection.outcome } : {}),
});

export const viewOf = (record: ReturnRecord): ReturnView => ({
  ...record,
  availableActions: availableActions(stateOf(record)),
});

/** The delivery a request names, of that customer; 422 when there is none. */
async function deliveryOf(input: ReturnInput): Promise<Delivery> {
  const found = input.deliveryId
    ? (await listCustomerDeliveries(input.customerId)).find((d) => d.id === input.deliveryId)
    : (await findDeliveries({ orderRef: input.orderRef, batch: input.batch })).find(
        (d) => d.customerId === input.customerId,
      );
  if (!found) {
    throw new ValidationError('no such delivery', {
      issues: [
        {
          field: input.deliveryId ? 'deliveryId' : 'orderRef',
          code: 'delivery_not_found',
          messageKey: 'returns.deliveryNotFound',
        },
      ],
    });
  }
  return found;
}

/** 422 naming each line whose quantity exceeds what the delivery still allows. */
function quantityError(
  delivery: Delivery,
  alreadyReturned: Record<string, number>,
  input: ReturnInput,
  language: Language,
): ValidationError | undefined {
  const violations = quantityViolations(delivery.items, alreadyReturned, input.items);
  if (violations.length === 0) return undefined;
  return new ValidationError('return quantity exceeds delivered minus returned', {
    errors: violations.map((v) =>
      v.reason === 'notDelivered'
        ? {
            field: `items.${v.index}.productId`,
            code: 'not_delivered',
            message: translate(language, 'returns.notDelivered'),
          }
        : {
            field: `items.${v.index}.quantity`,
            code: 'quantity_exceeded',
            message: translate(language, 'returns.quantityExceeded', {
              requested: v.requested,
              available: v.available,
            }),
          },
    ),
  });
}

/**
 * POST /v1/returns. An office user submits for their own office's customers (another's: 404, as if
 * it did not exist). The quantities are checked against the delivery's tally first (a friendly
 * 422 that writes nothing) and again, race-free, by the tally's condition in the transaction
 * that stores the request.
 */
export async function submitReturn(
  input: ReturnInput,
  caller: StaffCaller,
  now: Date,
  language: Language,
): Promise<ReturnView> {
  const { customer } = await visibleCustomer(input.customerId, caller);
  const delivery = await deliveryOf(input);
  const invalid = quantityError(delivery, await returnedUnits(delivery.id), input, language);
  if (invalid) throw invalid;

  const day = shanghaiDate(now);
  const counter = await nextCounterValue(`${returnReferencePrefix}#${day}`);
  const at = now.toISOString();
  const productOf = new Map(delivery.items.map((item) => [item.productId, item]));
  const items = input.items.map((line) => {
    const product = productOf.get(line.productId);
    return {
      productId: line.productId,
      productName: product?.productName ?? line.productId,
      category: product?.category ?? 'furniture',
      quantity: line.quantity,
    };
  });
  const record: ReturnRecord = {
    id: ulid(now.getTime()),
    reference: formatPrefixedReference(returnReferencePrefix, day, counter),
    status: 'submitted',
    kind: input.kind,
    customerId: customer.id,
    organization: customer.organization,
    officeId: customer.officeId,
    deliveryId: delivery.id,
    orderRef: delivery.orderRef,
    batch: delivery.batch,
    items,
    reason: input.reason,
    submittedBy: actorOf(caller),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const event = nextEvent(returnKey(record.id), emptyChain, {
    type: 'return.submitted',
    at: now,
    actor: actorOf(caller),
    data: {
      reference: record.reference,
      kind: record.kind,
      deliveryId: delivery.id,
      items: items.map(({ productId, quantity }) => ({ productId, quantity })),
      reason: record.reason,
    },
  });
  const units = items.reduce((sum, line) => sum + line.quantity, 0);
  const deliveredOf = (productId: string) =>
    delivery.items.filter((d) => d.productId === productId).reduce((sum, d) => sum + d.quantity, 0);
  try {
    await insertReturn(
      record,
      event,
      items.map((line) => ({ ...line, delivered: deliveredOf(line.productId) })),
      [
        ...officeStatItems(record.officeId, at, { returns: 1, returnedUnits: units }),
        ...returnsStatItems(at, { returns: 1, returnedUnits: units }),
      ],
    );
  } catch (error) {
    if (!(error instanceof ReturnedUnitsExceeded)) throw error;
    // Another request took the units between our check and our write: name the lines now.
    throw (
      quantityError(delivery, await returnedUnits(delivery.id), input, language) ??
      new ValidationError('return quantity exceeds delivered minus returned', { cause: error })
    );
  }
  return viewOf(record);
}

/** A return the caller may see; 404 for another office's, as if it did not exist. */
async function visibleReturn(id: string, caller: StaffCaller): Promise<StoredReturn> {
  const stored = await getReturn(id);
  if (!stored || !canSeeOffice(caller, stored.record.officeId)) throw new NotFoundError(`return ${id}`);
  return stored;
}

export async function getReturnDetail(
  id: string,
  caller: StaffCaller,
): Promise<ReturnView & { timeline: AuditEvent[] }> {
  const { record } = await visibleReturn(id, caller);
  return { ...viewOf(record), timeline: await listEvents(returnKey(id)) };
}

export async function listReturnsFor(query: ReturnListQuery, caller: StaffCaller): Promise<Page<ReturnView>> {
  const scope = officeScope(caller);
  if (scope !== undefined && query.officeId !== undefined && query.officeId !== scope) {
    throw new ForbiddenError('office users list their own office only');
  }
  const page = await listReturns(scope !== undefined ? { ...query, officeId: scope } : query);
  return { ...page, items: page.items.map(viewOf) };
}

/** The fields a step records on the request. */
function changesOf(step: ReturnTransition, record: ReturnRecord, caller: StaffCaller, now: Date) {
  const at = now.toISOString();
  const today = shanghaiDate(now);
  switch (step.action) {
    case 'approve':
    case 'reject':
      return {
        decision: { approved: step.action === 'approve', reason: step.reason, at, by: actorOf(caller) },
      };
    case 'receive':
      return { receivedOn: step.receivedOn ?? today };
    case 'inspect':
      return { inspection: { outcome: step.outcome, findings: step.findings, at } };
    case 'shipReplacement':
      return {
        shipment: {
          ...(step.carrier ? { carrier: step.carrier } : {}),
          ...(step.trackingNumber ? { trackingNumber: step.trackingNumber } : {}),
          shippedOn: step.shippedOn ?? today,
        },
      };
    case 'recordRefund':
      return {
        refund: {
          amount: step.amount,
          ...(step.paymentReference ? { paymentReference: step.paymentReference } : {}),
          refundedOn: step.refundedOn ?? today,
        },
      };
    case 'close':
      return { closedAt: at };
  }
  return assertNever(step, record);
}

const assertNever = (step: never, record: ReturnRecord): never => {
  throw new Error(`unknown step ${JSON.stringify(step)} for ${record.id}`);
};

const eventType: Record<ReturnAction, string> = {
  approve: 'return.approved',
  reject: 'return.rejected',
  receive: 'return.received',
  inspect: 'return.inspected',
  shipReplacement: 'return.replacementShipped',
  recordRefund: 'return.refunded',
  close: 'return.closed',
};

/**
 * POST /v1/returns/{id}/transitions: one step of the request, decided by the state model.
 * Another office's request: 404 before anything else. A role that may not take the step: 403.
 * `If-Match` names the version the caller saw (stale: 412); without it the version read here
 * guards against a concurrent step (409). An illegal step: 409 with its own title. A rejection
 * gives the units back to the delivery, in the same transaction.
 */
export async function transitionReturn(
  id: string,
  step: ReturnTransition,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<ReturnView> {
  const { record, head } = await visibleReturn(id, caller);
  if (!hasAnyRole(caller, actionRoles[step.action])) {
    throw new ForbiddenError(`role may not ${step.action} a return`);
  }
  if (expectedVersion !== undefined && expectedVersion !== record.version) {
    throw new PreconditionFailedError(`return ${id} is at version ${record.version}`);
  }
  const decision = decideTransition(stateOf(record), step.action);
  if (!decision.ok) {
    throw new IllegalReturnTransitionError(`${step.action} from ${record.status}`, {
      titleParams: { status: record.status, action: step.action },
    });
  }
  const after: ReturnRecord = {
    ...record,
    ...changesOf(step, record, caller, now),
    status: decision.to,
    version: record.version + 1,
    updatedAt: now.toISOString(),
  };
  const { action, ...data } = step;
  const event = nextEvent(returnKey(id), head, {
    type: eventType[action],
    at: now,
    actor: actorOf(caller),
    data: { from: record.status, to: decision.to, ...data },
  });
  const rejected = action === 'reject';
  const units = record.items.reduce((sum, line) => sum + line.quantity, 0);
  await replaceReturn(after, record.version, event, {
    freeUnits: rejected,
    // The league table counts units returned: a rejected request returns none (the request still
    // counts). The returns rate counts only requests not rejected: the rejection takes the request
    // and its units off the month it was submitted in (docs/api.md#complaint-pareto-and-returns-reports).
    extra: rejected
      ? [
          ...officeStatItems(record.officeId, record.createdAt, { returnedUnits: -units }),
          ...returnsStatItems(record.createdAt, { returns: -1, returnedUnits: -units }),
        ]
      : [],
  });
  return viewOf(after);
}
