import { translate } from '../i18n/translate.ts';
import type { Cell } from './csv.ts';
import {
  type Column,
  type Columns,
  type CsvExport,
  type ItemOf,
  joined,
  labelOr,
  list,
  type OkBody,
  report,
  tableOf,
  who,
  yesNo,
} from './csv-columns.ts';
import { partsCsvExports } from './parts-csv-exports.ts';
import type { RouteId } from './routes.ts';

export type { CsvExport, OkBody };

// --- Lists ---

type CaseRow = ItemOf<'listComplaints'>;
const caseColumns: Columns<CaseRow> = [
  { header: 'export.col.reference', value: (c) => c.reference },
  { header: 'export.col.receivedAt', value: (c) => c.receivedAt },
  { header: 'export.col.status', value: (c) => c.status },
  { header: 'export.col.channel', value: (c) => c.channel },
  { header: 'export.col.organization', value: (c) => c.organization },
  { header: 'export.col.title', value: (c) => c.title },
  { header: 'export.col.officeId', value: (c) => c.officeId },
  { header: 'export.col.customerId', value: (c) => c.customerId },
  { header: 'export.col.kind', value: (c, l) => translate(l, `kind.${c.kind}`) },
  { header: 'export.col.id', value: (c) => c.id },
];

const taskColumns: Columns<ItemOf<'listTasks'>> = [
  { header: 'export.col.reference', value: (t) => t.reference },
  {
    header: 'export.col.step',
    value: (t, l) => (t.step === 'surveyFollowUp' ? t.step : translate(l, `step.${t.step}`)),
  },
  { header: 'export.col.organization', value: (t) => t.organization },
  { header: 'export.col.status', value: (t) => t.status },
  { header: 'export.col.createdAt', value: (t) => t.createdAt },
  { header: 'export.col.dueAt', value: (t) => t.dueAt },
  { header: 'export.col.overdue', value: (t, l) => yesNo(t.overdue, l) },
  { header: 'export.col.escalations', value: (t) => t.escalations },
  { header: 'export.col.roles', value: (t) => joined(t.roles) },
  { header: 'export.col.departmentId', value: (t) => t.departmentId },
  { header: 'export.col.surveyKind', value: (t) => t.surveyKind },
  { header: 'export.col.score', value: (t) => t.score },
  { header: 'export.col.comment', value: (t) => t.comment },
  { header: 'export.col.kind', value: (t) => t.kind },
  { header: 'export.col.taskId', value: (t) => t.taskId },
];

type CustomerRow = ItemOf<'listCustomers'>;
const primaryContact = (c: CustomerRow) => c.contacts.find((contact) => contact.primary) ?? c.contacts[0];
const customerColumns: Columns<CustomerRow> = [
  { header: 'export.col.organization', value: (c) => c.organization },
  { header: 'export.col.tier', value: (c) => c.tier },
  { header: 'export.col.region', value: (c) => c.region },
  { header: 'export.col.officeId', value: (c) => c.officeId },
  { header: 'export.col.contactName', value: (c) => primaryContact(c)?.name },
  { header: 'export.col.contactTitle', value: (c) => primaryContact(c)?.title },
  { header: 'export.col.phone', value: (c) => primaryContact(c)?.phone },
  { header: 'export.col.email', value: (c) => primaryContact(c)?.email },
  { header: 'export.col.contacts', value: (c) => c.contacts.length },
  { header: 'export.col.tags', value: (c) => joined(c.tags) },
  { header: 'export.col.emailConsent', value: (c, l) => yesNo(c.emailConsent, l) },
  { header: 'export.col.doNotEmail', value: (c, l) => yesNo(c.doNotEmail, l) },
  { header: 'export.col.language', value: (c) => c.language },
  { header: 'export.col.accountManager', value: (c) => c.accountManager?.name },
  { header: 'export.col.accountManagerEmail', value: (c) => c.accountManager?.email },
  { header: 'export.col.visitsPerYear', value: (c) => c.contactPlan?.visitsPerYear },
  { header: 'export.col.callsPerQuarter', value: (c) => c.contactPlan?.callsPerQuarter },
  { header: 'export.col.nextContactOn', value: (c) => c.contactPlan?.nextContactOn },
  { header: 'export.col.createdAt', value: (c) => c.createdAt },
  { header: 'export.col.updatedAt', value: (c) => c.updatedAt },
  { header: 'export.col.id', value: (c) => c.id },
];

const officeColumns: Columns<ItemOf<'listOffices'>> = [
  { header: 'export.col.officeId', value: (o) => o.id },
  { header: 'export.col.name', value: (o) => o.name },
  { header: 'export.col.region', value: (o) => o.region },
  { header: 'export.col.email', value: (o) => o.email },
];

const contactLogColumns: Columns<ItemOf<'listCustomerContacts'>> = [
  { header: 'export.col.at', value: (c) => c.at },
  { header: 'export.col.contactKind', value: (c) => c.kind },
  { header: 'export.col.discussed', value: (c) => c.summary },
  { header: 'export.col.needs', value: (c) => c.needs },
  { header: 'export.col.opportunities', value: (c) => c.opportunities },
  { header: 'export.col.followUpOn', value: (c) => c.followUpOn },
  { header: 'export.col.customerContact', value: (c) => c.customerContact },
  { header: 'export.col.loggedBy', value: (c) => who(c.by) },
  { header: 'export.col.customerId', value: (c) => c.customerId },
  { header: 'export.col.id', value: (c) => c.id },
];

type SurveyRow = ItemOf<'listCustomerSurveys'>;
/** A CSAT/NPS answer has a score, a follow-up answer a status and maybe a problem. */
const answerOf = (s: SurveyRow) => {
  const answer = s.answer;
  if (!answer) return {};
  return 'score' in answer
    ? { score: answer.score, comment: answer.comment }
    : { status: answer.status, problem: answer.problem, comment: answer.comment };
};
const surveyColumns: Columns<SurveyRow> = [
  { header: 'export.col.surveyKind', value: (s) => s.kind },
  { header: 'export.col.status', value: (s) => s.status },
  { header: 'export.col.createdAt', value: (s) => s.createdAt },
  { header: 'export.col.dueAt', value: (s) => s.dueAt },
  { header: 'export.col.sentAt', value: (s) => s.sentAt },
  { header: 'export.col.answeredAt', value: (s) => s.answeredAt },
  { header: 'export.col.score', value: (s) => answerOf(s).score },
  { header: 'export.col.answer', value: (s) => answerOf(s).status },
  { header: 'export.col.problem', value: (s) => answerOf(s).problem },
  { header: 'export.col.comment', value: (s) => answerOf(s).comment },
  { header: 'export.col.caseReference', value: (s) => s.caseReference },
  { header: 'export.col.period', value: (s) => s.period },
  {
    header: 'export.col.productCategory',
    value: (s, l) => labelOr(l, `web.option.${s.productCategory}`, s.productCategory),
  },
  { header: 'export.col.contactName', value: (s) => s.contactName },
  { header: 'export.col.email', value: (s) => s.contactEmail },
  { header: 'export.col.skipReason', value: (s) => s.skipReason },
  { header: 'export.col.followUpOutcome', value: (s) => s.followUpResult?.outcome },
  { header: 'export.col.createdCaseReference', value: (s) => s.createdCaseReference },
  { header: 'export.col.officeId', value: (s) => s.officeId },
  { header: 'export.col.tier', value: (s) => s.tier },
  { header: 'export.col.customerId', value: (s) => s.customerId },
  { header: 'export.col.id', value: (s) => s.id },
];

type ReturnRow = ItemOf<'listReturns'>;
const returnColumns: Columns<ReturnRow> = [
  { header: 'export.col.reference', value: (r) => r.reference },
  { header: 'export.col.createdAt', value: (r) => r.createdAt },
  { header: 'export.col.returnKind', value: (r) => r.kind },
  { header: 'export.col.status', value: (r) => r.status },
  { header: 'export.col.organization', value: (r) => r.organization },
  { header: 'export.col.officeId', value: (r) => r.officeId },
  { header: 'export.col.orderRef', value: (r) => r.orderRef },
  { header: 'export.col.batch', value: (r) => r.batch },
  {
    header: 'export.col.items',
    value: (r) => joined(r.items.map((item) => `${item.productName} × ${item.quantity}`)),
  },
  { header: 'export.col.units', value: (r) => r.items.reduce((sum, item) => sum + item.quantity, 0) },
  { header: 'export.col.reason', value: (r) => r.reason },
  { header: 'export.col.approved', value: (r, l) => yesNo(r.decision?.approved, l) },
  { header: 'export.col.decisionReason', value: (r) => r.decision?.reason },
  { header: 'export.col.receivedOn', value: (r) => r.receivedOn },
  { header: 'export.col.inspection', value: (r) => r.inspection?.outcome },
  { header: 'export.col.shippedOn', value: (r) => r.shipment?.shippedOn },
  { header: 'export.col.refundAmount', value: (r) => r.refund?.amount },
  { header: 'export.col.closedAt', value: (r) => r.closedAt },
  { header: 'export.col.customerId', value: (r) => r.customerId },
  { header: 'export.col.id', value: (r) => r.id },
];

const supervisionNoteColumns: Columns<ItemOf<'listSupervisionNotes'>> = [
  { header: 'export.col.date', value: (n) => n.date },
  { header: 'export.col.officeId', value: (n) => n.officeId },
  { header: 'export.col.finding', value: (n) => n.finding },
  { header: 'export.col.actionRequired', value: (n) => n.actionRequired },
  { header: 'export.col.due', value: (n) => n.due },
  { header: 'export.col.recordedBy', value: (n) => n.createdBy },
  { header: 'export.col.createdAt', value: (n) => n.createdAt },
  { header: 'export.col.id', value: (n) => n.id },
];

const inquiryQueueColumns: Columns<ItemOf<'listForwardedInquiries'>> = [
  { header: 'export.col.reference', value: (q) => q.reference },
  { header: 'export.col.since', value: (q) => q.since },
  { header: 'export.col.organization', value: (q) => q.organization },
  { header: 'export.col.title', value: (q) => q.title },
  { header: 'export.col.kind', value: (q, l) => labelOr(l, `inquiry.kind.${q.inquiryKind}`, q.inquiryKind) },
  { header: 'export.col.status', value: (q) => q.status },
  { header: 'export.col.note', value: (q) => q.note },
  { header: 'export.col.id', value: (q) => q.caseId },
];

// --- Reports ---

type SatisfactionFigures = OkBody<'getSatisfactionReport'>['total'];
type SatisfactionRow = SatisfactionFigures & { readonly key: string };
const followUpColumns = (
  section: 'export.section.checkIn' | 'export.section.warrantyInspection',
  figures: (row: SatisfactionRow) => SatisfactionFigures['checkIn'],
): Columns<SatisfactionRow> => [
  { header: [section, 'export.figure.sent'], value: (r) => figures(r).sent },
  { header: [section, 'export.figure.answered'], value: (r) => figures(r).answered },
  { header: [section, 'export.figure.responseRate'], value: (r) => figures(r).responseRate },
  { header: [section, 'export.figure.problems'], value: (r) => figures(r).problems },
  { header: [section, 'export.figure.inspectionsWanted'], value: (r) => figures(r).inspectionsWanted },
];
const csatScores = [1, 2, 3, 4, 5] as const;
const satisfactionColumns: Columns<SatisfactionRow> = [
  { header: 'export.col.group', value: (r) => r.key },
  { header: ['export.section.csat', 'export.figure.sent'], value: (r) => r.csat.sent },
  { header: ['export.section.csat', 'export.figure.answered'], value: (r) => r.csat.answered },
  { header: ['export.section.csat', 'export.figure.responseRate'], value: (r) => r.csat.responseRate },
  { header: ['export.section.csat', 'export.figure.average'], value: (r) => r.csat.average },
  ...csatScores.map(
    (score): Column<SatisfactionRow> => ({
      header: ['export.section.csat', `export.figure.score${score}`],
      value: (r) => r.csat.distribution[score],
    }),
  ),
  { header: ['export.section.nps', 'export.figure.sent'], value: (r) => r.nps.sent },
  { header: ['export.section.nps', 'export.figure.answered'], value: (r) => r.nps.answered },
  { header: ['export.section.nps', 'export.figure.responseRate'], value: (r) => r.nps.responseRate },
  { header: ['export.section.nps', 'export.figure.npsScore'], value: (r) => r.nps.score },
  { header: ['export.section.nps', 'export.figure.promoters'], value: (r) => r.nps.promoters },
  { header: ['export.section.nps', 'export.figure.passives'], value: (r) => r.nps.passives },
  { header: ['export.section.nps', 'export.figure.detractors'], value: (r) => r.nps.detractors },
  { header: ['export.section.nps', 'export.figure.average'], value: (r) => r.nps.average },
  ...followUpColumns('export.section.checkIn', (r) => r.checkIn),
  ...followUpColumns('export.section.warrantyInspection', (r) => r.warrantyInspection),
];

type ComplaintFigures = OkBody<'getComplaintReport'>['total'];
type ComplaintRow = ComplaintFigures & { readonly month: string };
const complaintReportColumns: Columns<ComplaintRow> = [
  { header: 'export.col.month', value: (r) => r.month },
  { header: 'export.col.complaintsReceived', value: (r) => r.received },
  { header: ['export.section.replies', 'export.figure.onTime'], value: (r) => r.replies.onTime },
  { header: ['export.section.replies', 'export.figure.late'], value: (r) => r.replies.late },
  { header: ['export.section.replies', 'export.figure.breaches'], value: (r) => r.replies.breaches },
  { header: ['export.section.replies', 'export.figure.extensions'], value: (r) => r.replies.extensions },
  { header: ['export.section.replies', 'export.figure.onTimeRate'], value: (r) => r.replies.onTimeRate },
  { header: 'report.responsibility.customer', value: (r) => r.responsibility.customer },
  { header: 'report.responsibility.internal', value: (r) => r.responsibility.internal },
  { header: ['export.section.closing', 'export.figure.closed'], value: (r) => r.closing.closed },
  { header: ['export.section.closing', 'export.figure.averageDays'], value: (r) => r.closing.averageDays },
  { header: 'report.closeTime.within7Days', value: (r) => r.closing.within7Days },
  { header: 'report.closeTime.within30Days', value: (r) => r.closing.within30Days },
  { header: 'report.closeTime.within90Days', value: (r) => r.closing.within90Days },
  { header: 'report.closeTime.over90Days', value: (r) => r.closing.over90Days },
  { header: ['export.section.capa', 'export.figure.requested'], value: (r) => r.capa.requested },
  { header: ['export.section.capa', 'export.figure.effective'], value: (r) => r.capa.effective },
  {
    header: ['export.section.capa', 'export.figure.firstTimeEffective'],
    value: (r) => r.capa.firstTimeEffective,
  },
  {
    header: ['export.section.capa', 'export.figure.firstTimeEffectiveRate'],
    value: (r) => r.capa.firstTimeEffectiveRate,
  },
  {
    header: ['export.section.capa', 'export.figure.verificationRounds'],
    value: (r) => r.capa.verificationRounds,
  },
  { header: ['export.section.capa', 'export.figure.averageRounds'], value: (r) => r.capa.averageRounds },
  {
    header: ['export.section.capa', 'export.figure.ineffectiveRounds'],
    value: (r) => r.capa.ineffectiveRounds,
  },
];

type ParetoReport = OkBody<'getComplaintPareto'>;
type ParetoRow = {
  readonly key: Cell;
  readonly count: number;
  readonly share?: number;
  readonly cumulativeShare?: number;
};
/** Where the catalogue labels a Pareto key (`web.option.furniture`, `report.cause.material`). */
const paretoLabels: Partial<Record<ParetoReport['by'], string>> = {
  category: 'web.option',
  cause: 'report.cause',
};
/** The key column is named after the dimension (cause, category, batch, factory). */
const paretoExport: CsvExport<ParetoReport> = {
  fileName: 'complaint-pareto',
  table: (body, language) => {
    const key = (value: string): Cell => {
      const prefix = paretoLabels[body.by];
      return prefix ? labelOr(language, `${prefix}.${value}`, value) : value;
    };
    const rows: ParetoRow[] = [
      ...body.items.map((item) => ({ ...item, key: key(item.key) })),
      ...(body.others > 0 ? [{ key: translate(language, 'export.others'), count: body.others }] : []),
      { key: translate(language, 'export.total'), count: body.total },
    ];
    const columns: Columns<ParetoRow> = [
      { header: `report.dimension.${body.by}`, value: (r) => r.key },
      { header: 'export.col.complaints', value: (r) => r.count },
      { header: 'export.col.share', value: (r) => r.share },
      { header: 'export.col.cumulativeShare', value: (r) => r.cumulativeShare },
    ];
    return tableOf(rows, columns, language);
  },
};

type ReturnsFigures = OkBody<'getReturnsReport'>['total'];
const returnsReportColumns: Columns<ReturnsFigures & { readonly month: string }> = [
  { header: 'export.col.month', value: (r) => r.month },
  { header: 'export.col.deliveredUnits', value: (r) => r.deliveredUnits },
  { header: 'export.col.returnRequests', value: (r) => r.returns },
  { header: 'export.col.returnedUnits', value: (r) => r.returnedUnits },
  { header: 'export.col.returnRate', value: (r) => r.returnRate },
];

type League = OkBody<'getOfficeLeague'>;
type LeagueRow = League['total'] & {
  readonly rank?: number;
  readonly office?: League['offices'][number]['office'];
  readonly csatTarget?: number;
  readonly csatMeetsTarget?: boolean | null;
  readonly latestNote?: League['offices'][number]['latestNotes'][number];
};
const leagueColumns: Columns<LeagueRow> = [
  { header: 'export.col.rank', value: (r) => r.rank },
  { header: 'export.col.officeId', value: (r) => r.office?.id },
  { header: 'export.col.name', value: (r) => r.office?.name },
  { header: 'export.col.region', value: (r) => r.office?.region },
  { header: ['export.section.firstResponse', 'export.figure.count'], value: (r) => r.firstResponse.count },
  {
    header: ['export.section.firstResponse', 'export.figure.averageMinutes'],
    value: (r) => r.firstResponse.averageMinutes,
  },
  {
    header: ['export.section.firstResponse', 'export.figure.inTargetRate'],
    value: (r) => r.firstResponse.inTargetRate,
  },
  { header: ['export.section.visits', 'export.figure.count'], value: (r) => r.visits.count },
  {
    header: ['export.section.visits', 'export.figure.averageWorkingDays'],
    value: (r) => r.visits.averageWorkingDays,
  },
  { header: ['export.section.visits', 'export.figure.inTargetRate'], value: (r) => r.visits.inTargetRate },
  { header: 'export.col.complaintsReceived', value: (r) => r.complaints.received },
  {
    header: ['export.section.replies', 'export.figure.onTime'],
    value: (r) => r.complaints.repliesOnTime,
  },
  { header: ['export.section.replies', 'export.figure.late'], value: (r) => r.complaints.repliesLate },
  { header: 'export.col.slaCompliance', value: (r) => r.complaints.slaCompliance },
  { header: 'export.col.complaintsPer100Deliveries', value: (r) => r.complaints.per100Deliveries },
  { header: 'export.col.returnRequests', value: (r) => r.returns.count },
  { header: 'export.col.returnedUnits', value: (r) => r.returns.returnedUnits },
  { header: 'export.col.deliveredUnits', value: (r) => r.returns.deliveredUnits },
  { header: 'export.col.returnRate', value: (r) => r.returns.returnRate },
  { header: ['export.section.csat', 'export.figure.answered'], value: (r) => r.csat.answered },
  { header: ['export.section.csat', 'export.figure.average'], value: (r) => r.csat.average },
  { header: ['export.section.csat', 'export.figure.target'], value: (r) => r.csatTarget },
  {
    header: ['export.section.csat', 'export.figure.meetsTarget'],
    value: (r, l) => yesNo(r.csatMeetsTarget, l),
  },
  {
    header: 'export.col.latestNote',
    value: (r) => r.latestNote && `${r.latestNote.date} ${r.latestNote.finding}`,
  },
];

/**
 * The CSV export of every list and report, by route (`GET ...?format=csv`). A unit test walks the
 * route registry: a GET route answering `{ items }` or under /v1/reports/ without an entry here fails.
 */
export const csvExports = {
  ...partsCsvExports,
  listComplaints: list('complaints', caseColumns),
  listInquiries: list('inquiries', caseColumns),
  listServiceRequests: list('service-requests', caseColumns),
  listTasks: list('tasks', taskColumns),
  listCustomers: list('customers', customerColumns),
  listOffices: list('offices', officeColumns),
  listCustomerContacts: list('customer-contacts', contactLogColumns),
  listCustomerSurveys: list('customer-surveys', surveyColumns),
  listReturns: list('returns', returnColumns),
  listSupervisionNotes: list('supervision-notes', supervisionNoteColumns),
  listForwardedInquiries: list('forwarded-inquiries', inquiryQueueColumns),
  listFlaggedInquiries: list('flagged-inquiries', inquiryQueueColumns),

  getSatisfactionReport: report(
    'satisfaction-report',
    (body, language) => [
      ...body.groups.map((group) => ({
        ...group,
        key:
          body.groupBy === 'category'
            ? String(labelOr(language, `web.option.${group.key}`, group.key))
            : group.key,
      })),
      { ...body.total, key: translate(language, 'export.total') },
    ],
    satisfactionColumns,
  ),
  getComplaintReport: report(
    'complaint-report',
    (body, language) => [...body.months, { ...body.total, month: translate(language, 'export.total') }],
    complaintReportColumns,
  ),
  getComplaintPareto: paretoExport,
  getReturnsReport: report(
    'returns-report',
    (body, language) => [...body.months, { ...body.total, month: translate(language, 'export.total') }],
    returnsReportColumns,
  ),
  getOfficeLeague: report(
    'office-league',
    (body, language): LeagueRow[] => [
      ...body.offices.map((row) => ({
        ...row,
        csatTarget: row.targets.csatTarget,
        latestNote: row.latestNotes[0],
      })),
      { ...body.total, office: { id: translate(language, 'export.total'), name: '', region: '' } },
    ],
    leagueColumns,
  ),
} satisfies { readonly [K in RouteId]?: CsvExport<OkBody<K>> };

/** The CSV export of a route, if it has one. */
export const csvExportOf = (id: RouteId): CsvExport | undefined =>
  (csvExports as Partial<Record<RouteId, CsvExport>>)[id];
