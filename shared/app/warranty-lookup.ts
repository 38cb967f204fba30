import { type PlainDate, shanghaiDate } from '../calendar/plain-date.ts';
import { warrantyFor } from '../domain/warranty.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { type Caller, canSeeOffice, hasAnyRole } from '../http/roles.ts';
import { warrantyStaffRoles } from '../http/routes/warranty.ts';
import { type Language, translate } from '../i18n/translate.ts';
import type { Customer, Delivery } from '../schemas/customers.ts';
import type { WarrantyQuery } from '../schemas/warranty.ts';
import { getCustomer } from '../store/customers.ts';
import { findDeliveries } from '../store/deliveries.ts';

/** Contact details compared as people type them: trimmed, email lower-cased, phone digits only. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
export const normalisePhone = (phone: string): string => phone.replace(/\D/g, '');

/** True when `given` names one of the customer's contacts (phone or email, normalised). */
export function matchesContact(
  customer: Pick<Customer, 'contacts'>,
  given: { phone?: string; email?: string },
) {
  const phone = given.phone === undefined ? '' : normalisePhone(given.phone);
  const email = given.email === undefined ? '' : normaliseEmail(given.email);
  return customer.contacts.some(
    (c) =>
      (phone !== '' && c.phone !== undefined && normalisePhone(c.phone) === phone) ||
      (email !== '' && c.email !== undefined && normaliseEmail(c.email) === email),
  );
}

/**
 * One message for every refusal of the look-up: an unknown order, another office's order and a
 * contact that does not match are the same 404, so a stranger learns nothing from it.
 */
const notFound = () => new NotFoundError('warranty look-up: no matching delivery');

const itemsOf = (delivery: Delivery, day: PlainDate, language: Language) => {
  const decision = warrantyFor(
    {
      deliveryId: delivery.id,
      deliveredOn: delivery.deliveredOn,
      ...(delivery.acceptedOn ? { acceptedOn: delivery.acceptedOn } : {}),
    },
    day,
  );
  if (decision.status === 'unknown') return [];
  return delivery.items.map((item) => ({
    productId: item.productId,
    productName: item.productName,
    category: item.category,
    quantity: item.quantity,
    status: decision.status,
    basis: decision.basis,
    coverageStartsOn: decision.coverageStartsOn,
    freeRepairEndsOn: decision.freeRepairEndsOn,
    message: translate(language, `warranty.${decision.status}`),
  }));
};

/**
 * requirements.md §0: every delivered item of the order (and batch, when given) with its free-repair
 * end date and whether a repair today is free or chargeable maintenance, by the rule intake uses
 * (shared/domain/warranty.ts). Staff of `warrantyStaffRoles` see it with their token; anyone else
 * must name one of the customer's contacts, and sees only deliveries of a customer it matches.
 */
export async function lookUpWarranty(query: WarrantyQuery, caller: Caller, language: Language, now: Date) {
  const staff = hasAnyRole(caller, warrantyStaffRoles) ? caller : undefined;
  if (!staff && query.phone === undefined && query.email === undefined) {
    throw new ValidationError('warranty look-up without a contact', {
      issues: [{ field: 'phone', code: 'contact_required', messageKey: 'field.contactRequired' }],
    });
  }
  const deliveries = await findDeliveries({
    orderRef: query.orderRef,
    ...(query.batch ? { batch: query.batch } : {}),
  });
  const customers = new Map<string, Customer | undefined>();
  for (const id of new Set(deliveries.map((d) => d.customerId))) {
    customers.set(id, (await getCustomer(id))?.customer);
  }
  const visible = deliveries.filter((delivery) => {
    const customer = customers.get(delivery.customerId);
    if (!customer) return false;
    return staff ? canSeeOffice(staff, customer.officeId) : matchesContact(customer, query);
  });
  if (visible.length === 0) throw notFound();
  const day = shanghaiDate(now);
  return {
    orderRef: query.orderRef,
    asOf: day,
    deliveries: visible
      .toSorted((a, b) => a.deliveredOn.localeCompare(b.deliveredOn) || a.id.localeCompare(b.id))
      .map((delivery) => ({
        deliveryId: delivery.id,
        batch: delivery.batch,
        deliveredOn: delivery.deliveredOn,
        ...(delivery.acceptedOn ? { acceptedOn: delivery.acceptedOn } : {}),
        ...(staff
          ? {
              customerId: delivery.customerId,
              organization: customers.get(delivery.customerId)?.organization ?? '',
            }
          : {}),
        items: itemsOf(delivery, day, language),
      })),
  };
}
