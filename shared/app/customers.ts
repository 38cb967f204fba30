import { ulid } from 'ulid';
import { normaliseAddress, type SuppressionReason } from '../domain/suppression.ts';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError } from '../errors.ts';
import { canSeeOffice, officeScope, type StaffCaller } from '../http/roles.ts';
import { liftSuppressionAtSes } from '../mail/ses.ts';
import type {
  Customer,
  CustomerInput,
  CustomerListQuery,
  CustomerPatch,
  Delivery,
} from '../schemas/customers.ts';
import { type Actor, type AuditEvent, actorOf, emptyChain, nextEvent } from '../store/audit.ts';
import { listEvents } from '../store/audit-trail.ts';
import {
  customerKey,
  getCustomer,
  insertCustomer,
  listCustomers as queryCustomers,
  replaceCustomer,
  type StoredCustomer,
} from '../store/customers.ts';
import { listCustomerDeliveries } from '../store/deliveries.ts';
import type { Page } from '../store/pagination.ts';
import { suppressionRemovals } from '../store/suppressions.ts';
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
  const customer: Customer = {
    id: ulid(now.getTime()),
    ...input,
    doNotEmail: false,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const event = nextEvent(customerKey(customer.id), emptyChain, {
    type: 'customer.created',
    at: now,
    actor: actorOf(caller),
    data: { ...input },
  });
  await insertCustomer(customer, event);
  return customer;
}

/** A customer the caller may see; NotFoundError (404) for others' offices, as if it did not exist. */
export async function visibleCustomer(id: string, caller: StaffCaller): Promise<StoredCustomer> {
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

/** The contact addresses of a customer, normalised. */
const contactAddresses = (customer: Pick<Customer, 'contacts'>) => [
  ...new Set(customer.contacts.flatMap((c) => (c.email ? [normaliseAddress(c.email)] : []))),
];

/** A change to some of a customer's fields; `null` removes an optional field (account manager, plan). */
type CustomerChange = { [K in keyof Customer]?: Customer[K] | null };

/**
 * Writes the fields of `patch` that differ, with one `customer.updated` event listing each
 * change's old and new value (and `data`); nothing when nothing differs. A removed field's new
 * value is recorded as `null`.
 */
async function writeCustomerChange(
  { customer: before, head }: StoredCustomer,
  patch: CustomerChange,
  actor: Actor,
  now: Date,
  extra: { data?: Record<string, unknown>; items?: Parameters<typeof replaceCustomer>[4] } = {},
): Promise<Customer> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const after: Record<string, unknown> = { ...before };
  for (const [field, value] of Object.entries(patch)) {
    const old = before[field as keyof Customer];
    if (value === null) {
      if (old !== undefined) changes[field] = { from: old, to: null };
      delete after[field];
    } else if (value !== undefined && JSON.stringify(old) !== JSON.stringify(value)) {
      changes[field] = { from: old, to: value };
      after[field] = value;
    }
  }
  if (Object.keys(changes).length === 0) return before;
  Object.assign(after, { version: before.version + 1, updatedAt: now.toISOString() });
  const event = nextEvent(customerKey(before.id), head, {
    type: 'customer.updated',
    at: now,
    actor,
    data: { changes, ...extra.data },
  });
  await replaceCustomer(before, after as Customer, before.version, event, extra.items);
  return after as Customer;
}

/**
 * Applies a patch. With `expectedVersion` (from If-Match) a stale patch gets 412; without
 * it the version read here still guards against a concurrent write (409). Every change is
 * audited with its before and after values; a patch that changes nothing writes nothing.
 * Clearing `doNotEmail` lifts the suppression of the customer's contact addresses: staff
 * clear it once the customer has confirmed them.
 */
export async function updateCustomer(
  id: string,
  patch: CustomerPatch,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<Customer> {
  const stored = await visibleCustomer(id, caller);
  const before = stored.customer;
  if (expectedVersion !== undefined && expectedVersion !== before.version) {
    throw new PreconditionFailedError(`customer ${id} is at version ${before.version}`);
  }
  if (patch.officeId !== undefined && !canSeeOffice(caller, patch.officeId)) {
    throw new ForbiddenError('office users cannot move a customer to another office');
  }
  await assertKnownOffice(patch.officeId);
  if (patch.doNotEmail === false && before.doNotEmail) {
    const addresses = contactAddresses({ contacts: patch.contacts ?? before.contacts });
    // SES first: if the write below then fails, our record still suppresses (it decides
    // sending) and the retried patch lifts both.
    for (const address of addresses) await liftSuppressionAtSes(address);
    return writeCustomerChange(stored, patch, actorOf(caller), now, {
      data: { liftedSuppressions: addresses },
      items: suppressionRemovals(addresses),
    });
  }
  return writeCustomerChange(stored, patch, actorOf(caller), now);
}

/**
 * Marks a customer do-not-email because mail to `address`, one of its contacts, bounced
 * permanently or was reported as spam; audited with the cause. False when the customer is
 * gone or already marked (a repeated event writes nothing). A lost race is retried.
 */
export async function markCustomerDoNotEmail(
  id: string,
  cause: { readonly address: string; readonly reason: SuppressionReason },
  actor: Actor,
  now: Date,
  attempts = 3,
): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    const stored = await getCustomer(id);
    if (!stored || stored.customer.doNotEmail) return false;
    try {
      await writeCustomerChange(stored, { doNotEmail: true }, actor, now, {
        data: { suppression: { address: normaliseAddress(cause.address), reason: cause.reason } },
      });
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
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
