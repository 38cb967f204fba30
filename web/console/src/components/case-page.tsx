import type { ComponentChildren } from 'preact';
import { t } from '../i18n.ts';
import type { CustomerView } from '../types.ts';
import { type Action, Actions } from './actions.tsx';
import { OrderDeliveries } from './customer-delivery.tsx';
import { LiveStatus, type useLiveStatus } from './live-status.tsx';
import { type AuditEvent, Timeline } from './timeline.tsx';
import { ErrorNotice, Loading, Section, StatusBadge } from './ui.tsx';
import { type Loaded, useApi } from './use-api.ts';

type Status = ReturnType<typeof useLiveStatus>;

/**
 * The top of a record's page: its heading (focused after navigation), the live status line when the
 * page has one, what went wrong, and the loading line until the record is there.
 */
export function PageHead({
  heading,
  status,
  request,
  hideError = false,
}: {
  heading: ComponentChildren;
  status?: Status;
  request: Loaded<unknown>;
  /** The page explains the error itself (a task the caller may do on a case they may not read). */
  hideError?: boolean;
}) {
  return (
    <>
      <h1 tabIndex={-1}>{heading}</h1>
      {status ? <LiveStatus message={status.message} tone={status.tone} /> : null}
      {request.error && !hideError ? <ErrorNotice error={request.error} /> : null}
      {request.loading && !request.data ? <Loading /> : null}
    </>
  );
}

/** One labelled figure of a page's summary bar: the children, or the value in bold. */
export function SummaryItem({
  label,
  value,
  children,
}: {
  label: string;
  value?: ComponentChildren;
  children?: ComponentChildren;
}) {
  return (
    <div>
      <span class="summary-label">{label}</span>
      {children ?? <strong>{value}</strong>}
    </div>
  );
}

/** A case's usual lead line: who raised it and its title. */
export const caseLead = (view: { readonly organization: string; readonly title: string }) => (
  <>
    {view.organization} · {view.title}
  </>
);

/** A case's lead line and summary bar: its status first, then the page's own figures. */
export function CaseSummary({
  lead,
  status,
  children,
}: {
  lead: ComponentChildren;
  status: string;
  children?: ComponentChildren;
}) {
  return (
    <>
      <p class="lead">{lead}</p>
      <div class="summary-bar">
        <SummaryItem label={t('console.field.status')}>
          <StatusBadge status={status} />
        </SummaryItem>
        {children}
      </div>
    </>
  );
}

/** A case's next steps (at the record's version); a done action is announced and the case fetched again. */
export function CaseActions({
  actions,
  id,
  record,
  status,
  reload,
}: {
  actions: readonly Action[];
  id: string;
  record: { readonly version: number };
  status: Status;
  reload: () => void;
}) {
  return (
    <Actions
      actions={actions}
      params={{ id }}
      version={record.version}
      onDone={(action) => {
        status.say(t('console.actions.done', { action: action.label }), 'success');
        reload();
      }}
    />
  );
}

/** The timeline section that ends every record's page. */
export function TimelineSection({ events }: { events: readonly AuditEvent[] }) {
  return (
    <Section title={t('console.timeline.title')}>
      <Timeline events={events} />
    </Section>
  );
}

/** A fetched part of a page: its content once there, else what went wrong, else the loading line. */
export function Pending<T>({
  state,
  children,
}: {
  state: Loaded<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (state.data !== undefined) return <>{children(state.data)}</>;
  if (state.error) return <ErrorNotice error={state.error} />;
  return <Loading />;
}

/** The case's customer (not fetched while the case has none, or is not there yet). */
export const useCustomer = (customerId: string | undefined) =>
  useApi<CustomerView>(customerId ? `/v1/customers/${encodeURIComponent(customerId)}` : undefined);

/** The deliveries of the order named in a case's details. */
export function CaseDeliveries({
  details,
  customer,
}: {
  details: Readonly<Record<string, unknown>>;
  customer: CustomerView | undefined;
}) {
  return (
    <OrderDeliveries
      orderRef={typeof details.orderRef === 'string' ? details.orderRef : undefined}
      batch={typeof details.batch === 'string' ? details.batch : undefined}
      customer={customer}
    />
  );
}
