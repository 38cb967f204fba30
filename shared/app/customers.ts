import { ulid } from 'ulid';
import { ForbiddenError, NotFoundError, PreconditionFailedError } from '../errors.ts';
import { canSeeOffice, officeScope, type StaffCaller } from '../http/roles.ts';
import type {
  Customer,
  CustomerInput,
  CustomerListQuery,
  CustomerPatch,
  Delivery,
} from '../schemas/customers.ts';
import { type AuditEvent, actorOf, emptyChain, nextEvent } from '../store/audit.ts';
import { listEvents } from '../store/audit-trail.ts';
import {
  customerKey,
  getCustomer,
  insertCustomer,
  listCustomers as queryCustomers,
  replaceCustomer,
} from '../store/customers.ts';
import { listCustomerDeliveries } from '../store/deliveries.ts';
import type { Page } from '../store/pagination.ts';
import { assertKnownOffice } from './offices.ts';

/** requirements.md §1D: 客户基本资料, kept and classified by Customer Service and the offices. */
export async function createCustomer(
  input: CustomerInput,
  caller: StaffCaller,
  now: Date,
): Promise<Customer> {
  if (!canSeeOffice(caller, input.officeId))
    throw new ForbiddenError('office users add customers of their own office');
  await assertKnownOffice(input.officeId);
  const at = now.toISOString();
  const customer: Customer = { id: ulid(now.getTime()), ...input, version: 1, createdAt: at, updatedAt: at };
  const event = nextEvent(customerKey(customer.id), emptyChain, {
    type: 'customer.created',
    at: now,
    actor: actorOf(caller),
    data: { ...input },
  });
  await insertCustomer(customer, event);
  return customer;
}

async function visibleCustomer(id: string, caller: StaffCaller) {
  const stored = await getCustomer(id);
  if (!stored || !canSeeOffice(caller, stored.customer.officeId)) throw new NotFoundError(`customer ${id}`);
  return stored;
}

export async function getCustomerView(
  id: string,
  caller: StaffCaller,
): Promise<Customer & { deliveries: Delivery[]; timeline: AuditEvent[] }> {
  const { customer } = await visibleCustomer(id, caller);
  const [deliveries, timeline] = await Promise.all([listCustomerDeliveries(id), listEvents(customerKey(id))]);
  return { ...customer, deliveries, timeline };
}

/** `"3"` or `W/"3"` from an If-Match header; undefined when absent. */
export function versionFromIfMatch(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * Applies a patch. With `expectedVersion` (from If-Match) a stale patch gets 412; without
 * it the version read here still guards against a concurrent write (409). Every change is
 * audited with its before and after values; a patch that changes nothing writes nothing.
 */
export async function updateCustomer(
  id: string,
  patch: CustomerPatch,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<Customer> {
  const { customer: before, head } = await visibleCustomer(id, caller);
  if (expectedVersion !== undefined && expectedVersion !== before.version) {
    throw new PreconditionFailedError(`customer ${id} is at version ${before.version}`);
  }
  if (patch.officeId !== undefined && !canSeeOffice(caller, patch.officeId)) {
    throw new ForbiddenError('office users cannot move a customer to another office');
  }
  await assertKnownOffice(patch.officeId);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, value] of Object.entries(patch)) {
    const old = before[field as keyof Customer];
    if (JSON.stringify(old) !== JSON.stringify(value)) changes[field] = { from: old, to: value };
  }
  if (Object.keys(changes).length === 0) return before;
  const after: Customer = { ...before, ...patch, version: before.version + 1, updatedAt: now.toISOString() };
  const event = nextEvent(customerKey(id), head, {
    type: 'customer.updated',
    at: now,
    actor: actorOf(caller),
    data: { changes },
  });
  await replaceCustomer(before, after, before.version, event);
  return after;
}

export async function listCustomersFor(
  query: CustomerListQuery,
  caller: StaffCaller,
): Promise<Page<Customer>> {
  const scope = officeScope(caller);
  if (scope !== undefined && query.officeId !== undefined && query.officeId !== scope) {
    throw new ForbiddenError('office users list their own office only');
  }
  return queryCustomers(scope !== undefined ? { ...query, officeId: scope } : query);
}
