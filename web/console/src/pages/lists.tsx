import { inquiryStatuses } from '../../../../shared/domain/inquiry.ts';
import { returnStatuses } from '../../../../shared/domain/returns.ts';
import { serviceStatuses } from '../../../../shared/domain/service-request.ts';
import type { CaseKind } from '../../../../shared/schemas/cases.ts';
import { customerTiers } from '../../../../shared/schemas/customers.ts';
import { humanSteps } from '../../../../shared/workflow/human-steps.ts';
import { type Column, type Filter, ListPage } from '../components/list-page.tsx';
import { StatusBadge, Time } from '../components/ui.tsx';
import { useApi } from '../components/use-api.ts';
import { t } from '../i18n.ts';
import { channelLabel, optionLabel, statusLabel } from '../labels.ts';
import type { PageProps } from '../page.ts';
import { href } from '../router.ts';
import { currentSession } from '../session.ts';
import type { CaseSummary, Customer, Office, ReturnSummary } from '../types.ts';

/**
 * A complaint's statuses in the procedure's order: received and recorded, each people's step's
 * status (shared/workflow/human-steps.ts) with the workflow's own between them, archived.
 */
const complaintStatuses = [
  'RECEIVED',
  'RECORDED',
  ...Object.values(humanSteps).flatMap((step) =>
    step.status === 'REPLYING'
      ? [step.status, 'CAPA_REQUESTED']
      : step.status === 'VERIFYING'
        ? [step.status, 'EFFECTIVE']
        : [step.status],
  ),
  'ARCHIVED',
];

interface CaseList {
  readonly kind: CaseKind;
  readonly path: string;
  readonly apiPath: string;
  readonly statuses: readonly string[];
  readonly csvName: string;
}

const caseLists: Readonly<Record<CaseKind, CaseList>> = {
  complaint: {
    kind: 'complaint',
    path: '/complaints',
    apiPath: '/v1/complaints',
    statuses: complaintStatuses,
    csvName: 'complaints.csv',
  },
  serviceRequest: {
    kind: 'serviceRequest',
    path: '/service-requests',
    apiPath: '/v1/service-requests',
    statuses: serviceStatuses,
    csvName: 'service-requests.csv',
  },
  inquiry: {
    kind: 'inquiry',
    path: '/inquiries',
    apiPath: '/v1/inquiries',
    statuses: inquiryStatuses,
    csvName: 'inquiries.csv',
  },
};

/** The filters of GET /v1/complaints, /v1/service-requests and /v1/inquiries (`caseListQuery`). */
const caseFilters = (statuses: readonly string[]): Filter[] => [
  {
    name: 'q',
    label: t('console.list.search'),
    type: 'search',
    hint: t('console.list.searchCasesHint'),
  },
  {
    name: 'status',
    label: t('console.field.status'),
    type: 'select',
    options: statuses.map((s) => [s, statusLabel(s)]),
  },
  { name: 'from', label: t('console.list.from'), type: 'date' },
  { name: 'to', label: t('console.list.to'), type: 'date' },
  { name: 'customerId', label: t('console.field.customerId'), type: 'text' },
];

/** A list of cases of one kind with its filters, search, paging and CSV export. */
function CaseListPage({ list, query }: { list: CaseList; query: URLSearchParams }) {
  const columns: Column<CaseSummary>[] = [
    {
      header: t('console.field.reference'),
      rowHeader: true,
      cell: (item) => <a href={href(`${list.path}/${item.id}`)}>{item.reference}</a>,
    },
    { header: t('console.field.title'), cell: (item) => item.title },
    {
      header: t('console.field.organization'),
      cell: (item) =>
        item.customerId ? (
          <a href={href(`/customers/${item.customerId}`)}>{item.organization}</a>
        ) : (
          item.organization
        ),
    },
    { header: t('console.field.status'), cell: (item) => <StatusBadge status={item.status} /> },
    { header: t('console.field.channel'), cell: (item) => channelLabel(item.channel) },
    { header: t('console.field.receivedAt'), cell: (item) => <Time at={item.receivedAt} /> },
  ];
  return (
    <ListPage
      path={list.path}
      apiPath={list.apiPath}
      filters={caseFilters(list.statuses)}
      columns={columns}
      caption={t(`console.list.caption.${list.kind}`)}
      csvName={list.csvName}
      query={query}
      rowKey={(item) => item.id}
      empty={t('console.list.empty')}
    />
  );
}

export function ComplaintListPage({ query }: PageProps) {
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.complaints')}</h1>
      <CaseListPage list={caseLists.complaint} query={query} />
    </>
  );
}

export function ServiceRequestListPage({ query }: PageProps) {
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.serviceRequests')}</h1>
      <CaseListPage list={caseLists.serviceRequest} query={query} />
    </>
  );
}

export function InquiryListPage({ query }: PageProps) {
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.inquiries')}</h1>
      <CaseListPage list={caseLists.inquiry} query={query} />
    </>
  );
}

/** The regional offices for a filter (GET /v1/offices; office users: only their own is any use). */
function useOfficeOptions(): (readonly [string, string])[] {
  const offices = useApi<{ items: Office[] }>('/v1/offices');
  const session = currentSession();
  const ownOnly = session?.roles.every((role) => role === 'office') ? session.officeId : undefined;
  return (offices.data?.items ?? [])
    .filter((office) => ownOnly === undefined || office.id === ownOnly)
    .map((office) => [office.id, office.name] as const);
}

/** 退货/换货: GET /v1/returns by status and office. */
export function ReturnListPage({ query }: PageProps) {
  const offices = useOfficeOptions();
  const columns: Column<ReturnSummary>[] = [
    {
      header: t('console.field.reference'),
      rowHeader: true,
      cell: (item) => <a href={href(`/returns/${item.id}`)}>{item.reference}</a>,
    },
    { header: t('console.field.kind'), cell: (item) => optionLabel('returnKind', item.kind) },
    {
      header: t('console.field.organization'),
      cell: (item) => <a href={href(`/customers/${item.customerId}`)}>{item.organization}</a>,
    },
    { header: t('console.field.officeId'), cell: (item) => item.officeId },
    { header: t('console.field.status'), cell: (item) => <StatusBadge status={item.status} /> },
    { header: t('console.field.createdAt'), cell: (item) => <Time at={item.createdAt} /> },
  ];
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.returns')}</h1>
      <ListPage
        path="/returns"
        apiPath="/v1/returns"
        filters={[
          {
            name: 'status',
            label: t('console.field.status'),
            type: 'select',
            options: returnStatuses.map((s) => [s, statusLabel(s)]),
          },
          { name: 'officeId', label: t('console.field.officeId'), type: 'select', options: offices },
        ]}
        columns={columns}
        caption={t('console.list.caption.returns')}
        csvName="returns.csv"
        query={query}
        rowKey={(item) => item.id}
        empty={t('console.list.empty')}
      />
    </>
  );
}

/** 客户: GET /v1/customers by office and tier, with search. */
export function CustomerListPage({ query }: PageProps) {
  const offices = useOfficeOptions();
  const columns: Column<Customer>[] = [
    {
      header: t('console.field.organization'),
      rowHeader: true,
      cell: (item) => <a href={href(`/customers/${item.id}`)}>{item.organization}</a>,
    },
    { header: t('console.customer.id'), cell: (item) => <code>{item.id}</code> },
    { header: t('console.field.region'), cell: (item) => item.region },
    { header: t('console.field.officeId'), cell: (item) => item.officeId },
    {
      header: t('console.field.tier'),
      cell: (item) =>
        item.tier === 'key' ? (
          <span class="badge badge-active">
            <span aria-hidden="true">★ </span>
            {optionLabel('tier', item.tier)}
          </span>
        ) : (
          optionLabel('tier', item.tier)
        ),
    },
    {
      header: t('console.customer.primaryContact'),
      cell: (item) => {
        const contact = item.contacts.find((c) => c.primary) ?? item.contacts[0];
        return contact ? [contact.name, contact.phone ?? contact.email].filter(Boolean).join(' · ') : '';
      },
    },
  ];
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.customers')}</h1>
      <ListPage
        path="/customers"
        apiPath="/v1/customers"
        filters={[
          {
            name: 'q',
            label: t('console.list.search'),
            type: 'search',
            hint: t('console.list.searchCustomersHint'),
          },
          { name: 'officeId', label: t('console.field.officeId'), type: 'select', options: offices },
          {
            name: 'tier',
            label: t('console.field.tier'),
            type: 'select',
            options: customerTiers.map((tier) => [tier, optionLabel('tier', tier)]),
          },
        ]}
        columns={columns}
        caption={t('console.list.caption.customers')}
        csvName="customers.csv"
        query={query}
        rowKey={(item) => item.id}
        empty={t('console.list.empty')}
      />
    </>
  );
}
