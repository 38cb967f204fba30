import {
  careOverview,
  contactLogEntry,
  contactLogInput,
  customerPageQuery,
  customerSurvey,
} from '../../schemas/care-plan.ts';
import { idParams } from '../../schemas/cases.ts';
import { page } from '../../schemas/common.ts';
import { oldLotSchema, oldLotsQuery, partsReportSchema } from '../../schemas/parts-report.ts';
import {
  complaintReportSchema,
  paretoQuery,
  paretoReportSchema,
  reportPeriodQuery,
  returnsReportSchema,
  satisfactionReportQuery,
  satisfactionReportSchema,
} from '../../schemas/reports.ts';
import type { Role } from '../roles.ts';
import { type RouteDefinition, route, staffAccess } from '../route.ts';

// The customers' readers and editors of shared/http/routes.ts (a unit test keeps them equal).
const customerReaders: Role[] = ['customer-service', 'quality', 'production', 'office', 'manager', 'admin'];
const customerEditors: Role[] = ['customer-service', 'office', 'manager', 'admin'];
/** Who reads the satisfaction report: head office supervises; office users see their own office. */
export const reportReaders: Role[] = ['customer-service', 'quality', 'office', 'manager', 'admin'];
/** Who reads the head-office reports (complaints, Pareto, returns): offices have their league table. */
export const headOfficeReportReaders: Role[] = [
  'customer-service',
  'quality',
  'production',
  'manager',
  'admin',
];

/**
 * The key-customer care plan (area `customers`) and the management reports (area `reports`).
 * Part of the route registry (shared/http/routes.ts).
 */
export const careAndReportRoutes = {
  logCustomerContact: route({
    method: 'POST',
    path: '/v1/customers/{id}/contacts',
    area: 'customers',
    summary: 'Log a visit, call, meeting or email with a customer (客户关怀)',
    description:
      "Kept under the customer, with who logged it (from the token), the needs and opportunities captured and a follow-up date. Office users: their own office's customers only (404 otherwise).",
    access: staffAccess(...customerEditors),
    params: idParams,
    body: contactLogInput,
    idempotent: true,
    responses: { 201: { description: 'Logged', schema: contactLogEntry } },
  }),
  listCustomerContacts: route({
    method: 'GET',
    path: '/v1/customers/{id}/contacts',
    area: 'customers',
    summary: "A customer's logged contacts, newest first",
    access: staffAccess(...customerReaders),
    params: idParams,
    query: customerPageQuery,
    responses: { 200: { description: 'A page of contacts', schema: page(contactLogEntry) } },
  }),
  getCustomerCare: route({
    method: 'GET',
    path: '/v1/customers/{id}/care',
    area: 'customers',
    summary: 'The care overview of a (key) customer: plan on track?, contacts, open issues',
    description:
      'Account manager and contact plan; whether the plan is on track today (visits this year, calls this quarter, ' +
      'next contact overdue); the latest contacts and follow-ups still to make; open complaints, inquiries and ' +
      'service requests; the latest CSAT and NPS answers.',
    access: staffAccess(...customerReaders),
    params: idParams,
    responses: { 200: { description: 'The care overview', schema: careOverview } },
  }),
  listCustomerSurveys: route({
    method: 'GET',
    path: '/v1/customers/{id}/surveys',
    area: 'customers',
    summary: "A customer's surveys and follow-ups with their answers, newest first",
    access: staffAccess(...customerReaders),
    params: idParams,
    query: customerPageQuery,
    responses: { 200: { description: 'A page of surveys', schema: page(customerSurvey) } },
  }),

  getSatisfactionReport: route({
    method: 'GET',
    path: '/v1/reports/satisfaction',
    area: 'reports',
    summary: 'Customer satisfaction: CSAT, NPS, follow-ups and response rates (满意度报表)',
    description:
      'From pre-aggregated monthly counters (Asia/Shanghai months): sends count in the month of sending, ' +
      'answers in the month of the answer, so a response rate compares the answers and sends of the same period. ' +
      'Grouped by `month` (every month of the period), `office`, `category` (product category; `none` for NPS) or ' +
      "`tier`. At most 36 months. Office users get their own office's figures only.",
    access: staffAccess(...reportReaders),
    query: satisfactionReportQuery,
    responses: { 200: { description: 'The report', schema: satisfactionReportSchema } },
  }),

  getComplaintReport: route({
    method: 'GET',
    path: '/v1/reports/complaints',
    area: 'reports',
    summary: 'Complaints: on-time reply rate, responsibility, time to close, CAPA effectiveness (投诉统计)',
    description:
      'From pre-aggregated monthly counters written in the transaction of each change. A cohort report: every ' +
      'figure belongs to the month the complaint was received (Asia/Shanghai). At most 36 months.',
    access: staffAccess(...headOfficeReportReaders),
    query: reportPeriodQuery,
    responses: { 200: { description: 'The report', schema: complaintReportSchema } },
  }),
  getComplaintPareto: route({
    method: 'GET',
    path: '/v1/reports/complaints/pareto',
    area: 'reports',
    summary: 'Complaints by cause, product category, batch or factory, largest first (Pareto 排列图)',
    description:
      'Counts of complaints received in the period per key, from monthly counters; cause and factory are ' +
      "recorded by Quality's investigation (`unknown` until then). At most 36 months.",
    access: staffAccess(...headOfficeReportReaders),
    query: paretoQuery,
    responses: { 200: { description: 'The Pareto table', schema: paretoReportSchema } },
  }),
  getReturnsReport: route({
    method: 'GET',
    path: '/v1/reports/returns',
    area: 'reports',
    summary: 'Returns rate: units returned against units delivered per month (退货率)',
    description: 'From monthly counters written with each delivery and return request. At most 36 months.',
    access: staffAccess(...headOfficeReportReaders),
    query: reportPeriodQuery,
    responses: { 200: { description: 'The report', schema: returnsReportSchema } },
  }),
  getPartsReport: route({
    method: 'GET',
    path: '/v1/reports/parts',
    area: 'reports',
    summary:
      'Spare parts: repair spend, accuracy and turnover ratios, repair and reuse, stock value (备品备件统计)',
    description:
      'From monthly counters written in the transaction of each stock movement (Asia/Shanghai months); amounts ' +
      'summed in fen, answered in CNY; ratios 4 decimals, null when the denominator is not above zero. Repair spend: ' +
      'value issued net of surplus returned; in quota: parts with a high quota above zero. Accuracy ratio = ' +
      'in-quota repair spend / repair spend; reuse rate = units repaired / units booked for repair. Turnover ratio = ' +
      'in-quota repair spend / the quota stock value of the month: the snapshot the daily `parts-daily` job ' +
      "takes (the month's last); the current month without one uses the stock now, any other month without one " +
      "has none (null). The total's stock values are the mean of the months that have one, its turnover the " +
      "period's in-quota spend over that mean. `stock`: the catalogue's stock now. At most 36 months.",
    access: staffAccess(...headOfficeReportReaders, 'warehouse'),
    query: reportPeriodQuery,
    responses: { 200: { description: 'The report', schema: partsReportSchema } },
  }),
  listOldLots: route({
    method: 'GET',
    path: '/v1/reports/parts/old-lots',
    area: 'reports',
    summary: 'Lots in stock received more than N days ago, oldest first (积压库存)',
    description:
      "Every part's lots still in stock received more than `olderThanDays` (default 180) Asia/Shanghai days " +
      "ago, with the part's name, unit and location, age in days, units, unit cost and value (CNY), origin " +
      '(purchase or repaired for reuse) and supplier.',
    access: staffAccess(...headOfficeReportReaders, 'warehouse'),
    query: oldLotsQuery,
    responses: { 200: { description: 'A page of lots', schema: page(oldLotSchema) } },
  }),
} as const satisfies Record<string, RouteDefinition>;
