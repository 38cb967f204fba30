import { z } from 'zod';
import { config } from '../config.ts';
import { normaliseAddress } from '../domain/suppression.ts';
import {
  CHECK_IN_MONTHS,
  checkInStartRange,
  checkInsDue,
  csatDueOn,
  dueAtStartOf,
  loyaltyPeriod,
  quarterlyCheckInDue,
  type RunClock,
  runClock,
  warrantyOfferDue,
  warrantyStartRange,
} from '../domain/survey-rules.ts';
import type { Customer, CustomerTier, Delivery } from '../schemas/customers.ts';
import type { SurveyKind, SurveyRecord } from '../schemas/surveys.ts';
import type { CaseRecord } from '../store/cases.ts';
import { getCustomer, listCustomers } from '../store/customers.ts';
import { listDeliveriesStartingBetween } from '../store/deliveries.ts';
import { plannedSurveyItem, planSurvey, surveyIdFor } from '../store/surveys.ts';
import { workingCalendar } from './reply-deadline.ts';

const scheduledEvent = z.looseObject({ asOf: z.string().max(64).optional() });

/**
 * The clock of a scheduled run: the event's optional `asOf` (`YYYY-MM-DD`, the end of that
 * Shanghai day, or an ISO instant; the local `POST /_local/schedules/{name}?asOf=` sets it),
 * else now. EventBridge Scheduler's own events have no `asOf`.
 */
export function clockOfEvent(event: unknown, now: Date): RunClock {
  const parsed = scheduledEvent.safeParse(event ?? {});
  return runClock(parsed.success ? parsed.data.asOf : undefined, now);
}

/** How many conditional writes a planning job has in flight at once. */
const PARALLEL_WRITES = 10;

/** What a planning job did, in counts only (no personal data). */
export interface PlanningReport {
  /** The Shanghai day the run planned for. */
  day: string;
  /** Customers or deliveries looked at. */
  considered: number;
  /** New surveys or follow-ups. */
  planned: number;
  /** Already planned by an earlier run (the job is safe to run twice). */
  alreadyPlanned: number;
  /** Deliveries whose customer is missing, customers created after the run's time: nothing planned. */
  notApplicable: number;
}

const emptyReport = (day: string): PlanningReport => ({
  day,
  considered: 0,
  planned: 0,
  alreadyPlanned: 0,
  notApplicable: 0,
});

/** The contact a survey goes to: `preferred` when it is one of the customer's, else the primary contact with an email, else the first with one. */
export function surveyContact(
  customer: Pick<Customer, 'contacts'>,
  preferred?: string,
): { readonly name: string; readonly email: string } | undefined {
  const withEmail = customer.contacts.filter((c): c is typeof c & { email: string } => Boolean(c.email));
  const wanted = preferred ? normaliseAddress(preferred) : undefined;
  const chosen =
    (wanted ? withEmail.find((c) => normaliseAddress(c.email) === wanted) : undefined) ??
    withEmail.find((c) => c.primary) ??
    withEmail[0];
  return chosen ? { name: chosen.name, email: chosen.email } : undefined;
}

/** A new survey for `customer`, due at `dueAt`, waiting for the survey-mail job. */
function newSurvey(
  customer: Customer,
  kind: SurveyKind,
  occurrence: string,
  times: { readonly createdAt: string; readonly dueAt: string },
  extra: Partial<SurveyRecord> & { readonly preferredContact?: string | undefined } = {},
): SurveyRecord {
  const { preferredContact, ...fields } = extra;
  const contact = surveyContact(customer, preferredContact);
  return {
    id: surveyIdFor(occurrence),
    kind,
    occurrence,
    customerId: customer.id,
    organization: customer.organization,
    officeId: customer.officeId,
    tier: customer.tier,
    language: customer.language,
    ...(contact ? { contactName: contact.name, contactEmail: contact.email } : {}),
    ...fields,
    status: 'scheduled',
    createdAt: times.createdAt,
    dueAt: times.dueAt,
    postponements: 0,
    version: 1,
  };
}

const productCategoryOf = (record: CaseRecord): string | undefined => {
  const product = (record.details as { product?: { category?: unknown } }).product;
  return typeof product?.category === 'string' ? product.category : undefined;
};

/**
 * The satisfaction (CSAT) survey of a closed case, due `delayWorkingDays` working days after it
 * closed (China calendar), to the submitter when they are one of the customer's contacts.
 * Undefined when the case is not linked to a customer: without a customer there is no record
 * of consent to survey email.
 */
export async function caseSurveyFor(
  record: CaseRecord,
  closedAt: Date,
  delayWorkingDays: number = config().CSAT_DELAY_WORKING_DAYS,
): Promise<SurveyRecord | undefined> {
  if (!record.customerId) return undefined;
  const customer = (await getCustomer(record.customerId))?.customer;
  if (!customer) return undefined;
  const category = productCategoryOf(record);
  return newSurvey(
    customer,
    'csat',
    `csat#${record.id}`,
    {
      createdAt: closedAt.toISOString(),
      dueAt: dueAtStartOf(csatDueOn(closedAt, workingCalendar(), delayWorkingDays)),
    },
    {
      caseId: record.id,
      caseReference: record.reference,
      closedAt: closedAt.toISOString(),
      preferredContact: record.submitter.email,
      ...(category ? { productCategory: category } : {}),
    },
  );
}

/** The transaction write that plans the CSAT survey of a case closing now (undefined: none to plan). */
export async function caseSurveyItem(record: CaseRecord, closedAt: Date) {
  const survey = await caseSurveyFor(record, closedAt);
  return survey ? plannedSurveyItem(survey) : undefined;
}

/**
 * Plans the CSAT survey of a case closed at `closedAt` (a service request or inquiry; complaints
 * plan theirs when archived). Idempotent: the survey id comes from the case. Undefined when the
 * case has no customer; `planned` false when it was planned already.
 */
export async function planCaseSurvey(
  record: CaseRecord,
  closedAt: Date,
  delayWorkingDays: number = config().CSAT_DELAY_WORKING_DAYS,
): Promise<{ readonly survey: SurveyRecord; readonly planned: boolean } | undefined> {
  const survey = await caseSurveyFor(record, closedAt, delayWorkingDays);
  if (!survey) return undefined;
  return { survey, planned: await planSurvey(survey) };
}

/** Runs `write` over `items`, a few at a time. */
async function inParallel<T>(items: readonly T[], write: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += PARALLEL_WRITES) {
    await Promise.all(items.slice(start, start + PARALLEL_WRITES).map(write));
  }
}

/** Every customer (or every customer of a tier), page by page: gsi2 `CUSTOMERS`. */
async function allCustomers(tier?: CustomerTier): Promise<Customer[]> {
  const customers: Customer[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCustomers({
      limit: 100,
      ...(tier ? { tier } : {}),
      ...(cursor ? { cursor } : {}),
    });
    customers.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return customers;
}

async function plan(report: PlanningReport, survey: SurveyRecord): Promise<void> {
  if (await planSurvey(survey)) report.planned += 1;
  else report.alreadyPlanned += 1;
}

/** A customer that did not exist yet at the run's time is not asked about it. */
const existedAt = (customer: Customer, clock: RunClock) => customer.createdAt <= clock.now.toISOString();

/**
 * The loyalty-surveys job: an NPS survey for every customer once per period, key customers each
 * quarter (`nps#<id>#2026-Q4`), others each year (`nps#<id>#2026`), due on the run's day.
 */
export async function planLoyaltySurveys(clock: RunClock): Promise<PlanningReport> {
  const report = emptyReport(clock.day);
  const customers = await allCustomers();
  const times = { createdAt: clock.now.toISOString(), dueAt: dueAtStartOf(clock.day) };
  await inParallel(customers, async (customer) => {
    report.considered += 1;
    if (!existedAt(customer, clock)) {
      report.notApplicable += 1;
      return;
    }
    const period = loyaltyPeriod(clock.day, customer.tier);
    await plan(report, newSurvey(customer, 'nps', `nps#${customer.id}#${period}`, times, { period }));
  });
  return report;
}

/** Deliveries whose warranty starts in any of `ranges`, each once. */
async function deliveriesStartingIn(ranges: readonly { from: string; to: string }[]): Promise<Delivery[]> {
  const byId = new Map<string, Delivery>();
  for (const range of ranges) {
    for (const delivery of await listDeliveriesStartingBetween(range.from, range.to))
      byId.set(delivery.id, delivery);
  }
  return [...byId.values()];
}

/** Customers read once per run. */
function customerCache() {
  const cache = new Map<string, Promise<Customer | undefined>>();
  return (id: string) => {
    let found = cache.get(id);
    if (!found) {
      found = getCustomer(id).then((stored) => stored?.customer);
      cache.set(id, found);
    }
    return found;
  };
}

const goodsOf = (delivery: Delivery) => ({
  deliveryId: delivery.id,
  deliveredOn: delivery.deliveredOn,
  ...(delivery.acceptedOn ? { acceptedOn: delivery.acceptedOn } : {}),
});

const deliveryFields = (delivery: Delivery): Partial<SurveyRecord> => ({
  deliveryId: delivery.id,
  orderRef: delivery.orderRef,
  productNames: [...new Set(delivery.items.map((item) => item.productName))],
  ...(delivery.items[0] ? { productCategory: delivery.items[0].category } : {}),
});

/**
 * The product-check-ins job (回访): a check-in 1, 6 and 12 months after each delivery's
 * acceptance (delivery when never accepted), and one per key customer each quarter, each
 * planned while the run's day is within 30 days from its due day, due on the run's day.
 */
export async function planProductCheckIns(clock: RunClock): Promise<PlanningReport> {
  const report = emptyReport(clock.day);
  const times = { createdAt: clock.now.toISOString(), dueAt: dueAtStartOf(clock.day) };
  const customerOf = customerCache();
  const deliveries = await deliveriesStartingIn(CHECK_IN_MONTHS.map((m) => checkInStartRange(m, clock.day)));
  await inParallel(deliveries, async (delivery) => {
    const due = checkInsDue(goodsOf(delivery), clock.day);
    if (due.length === 0) return;
    report.considered += 1;
    const customer = await customerOf(delivery.customerId);
    if (!customer) {
      report.notApplicable += 1;
      return;
    }
    for (const { months } of due) {
      await plan(
        report,
        newSurvey(customer, 'checkIn', `checkIn#${delivery.id}#m${months}`, times, {
          ...deliveryFields(delivery),
          checkInMonths: months,
        }),
      );
    }
  });
  const quarter = quarterlyCheckInDue(clock.day);
  if (quarter) {
    await inParallel(await allCustomers('key'), async (customer) => {
      report.considered += 1;
      if (!existedAt(customer, clock)) {
        report.notApplicable += 1;
        return;
      }
      const occurrence = `checkIn#${customer.id}#${quarter.period}`;
      await plan(report, newSurvey(customer, 'checkIn', occurrence, times, { period: quarter.period }));
    });
  }
  return report;
}

/**
 * The warranty-offers job: a free inspection offered to each delivery whose 2-year free warranty
 * ends within 60 days (the run's day in [end - 60 days, end)), due on the run's day.
 */
export async function planWarrantyOffers(clock: RunClock): Promise<PlanningReport> {
  const report = emptyReport(clock.day);
  const times = { createdAt: clock.now.toISOString(), dueAt: dueAtStartOf(clock.day) };
  const customerOf = customerCache();
  const deliveries = await deliveriesStartingIn([warrantyStartRange(clock.day)]);
  await inParallel(deliveries, async (delivery) => {
    const offer = warrantyOfferDue(goodsOf(delivery), clock.day);
    if (!offer) return;
    report.considered += 1;
    const customer = await customerOf(delivery.customerId);
    if (!customer) {
      report.notApplicable += 1;
      return;
    }
    await plan(
      report,
      newSurvey(customer, 'warrantyInspection', `warrantyInspection#${delivery.id}`, times, {
        ...deliveryFields(delivery),
        freeRepairEndsOn: offer.freeRepairEndsOn,
      }),
    );
  });
  return report;
}
