import { allowedActions, type ServiceAction } from '../../../../shared/domain/service-request.ts';
import { routes } from '../../../../shared/http/routes.ts';
import { mayCall } from '../access.ts';
import type { Action } from '../components/actions.tsx';
import {
  CaseActions,
  CaseDeliveries,
  CaseSummary,
  caseLead,
  PageHead,
  Pending,
  SummaryItem,
  TimelineSection,
  useCustomer,
} from '../components/case-page.tsx';
import { CaseReport } from '../components/case-report.tsx';
import { CustomerSummary, WarrantyDecisionView } from '../components/customer-delivery.tsx';
import { useLiveStatus } from '../components/live-status.tsx';
import { type FieldRow, Fields, Section, Time } from '../components/ui.tsx';
import { useApi } from '../components/use-api.ts';
import { t } from '../i18n.ts';
import { actorLabel, fieldLabel, formatCny, optionLabel } from '../labels.ts';
import type { PageProps } from '../page.ts';
import type { ServiceRequestView } from '../types.ts';

/** Each lifecycle action's route; both answers to a quote are one form (its `decision`). */
const actionRoutes: Readonly<Record<ServiceAction, keyof typeof routes>> = {
  triage: 'triageServiceRequest',
  quote: 'quoteServiceRequest',
  acceptQuote: 'decideServiceQuote',
  declineQuote: 'decideServiceQuote',
  assign: 'assignServiceRequest',
  scheduleVisit: 'scheduleServiceVisit',
  reportVisit: 'reportServiceVisit',
  complete: 'completeServiceRequest',
  close: 'closeServiceRequest',
  cancel: 'cancelServiceRequest',
};

type VisitReport = NonNullable<NonNullable<ServiceRequestView['service']>['visitReport']>;
type PartUsed = VisitReport['partsUsed'][number];
type PartReplaced = NonNullable<VisitReport['partsReplaced']>[number];

/** The parts of a visit: catalogue parts with their cost and the lots issued (FIFO), non-stock parts marked. */
function PartsUsed({ parts }: { parts: readonly PartUsed[] }) {
  return (
    <ul class="plain">
      {parts.map((part) => (
        <li key={`${part.partNumber}${part.name}`}>
          {part.name}
          {part.partNumber ? ` (${part.partNumber})` : ''} × {part.quantity}
          {part.partNumber === undefined ? ` · ${t('console.visitParts.nonStock')}` : ''}
          {part.cost === undefined
            ? ''
            : ` · ${t('console.visitParts.cost', { cost: formatCny(part.cost) })}`}
          {part.lots && part.lots.length > 0 ? (
            <ul class="plain muted">
              {part.lots.map((lot) => (
                <li key={lot.lotId}>
                  {t('console.visitParts.lot', {
                    receivedOn: lot.receivedOn,
                    quantity: lot.quantity,
                    unitCost: formatCny(lot.unitCost),
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A step of the service record (`service.triage`, `service.quote`...) as label/value rows. */
function recordRows(entry: Readonly<Record<string, unknown>>): FieldRow[] {
  return Object.entries(entry)
    .filter(([name]) => name !== 'by' && name !== 'at')
    .map(([name, value]): FieldRow => {
      if (name === 'amount' && typeof value === 'number') return [fieldLabel(name), formatCny(value)];
      if (name === 'lines' && Array.isArray(value))
        return [
          fieldLabel(name),
          <ul class="plain">
            {value.map((line: { description: string; amount: number }) => (
              <li key={line.description}>
                {line.description}: {formatCny(line.amount)}
              </li>
            ))}
          </ul>,
        ];
      if (name === 'window' && typeof value === 'object' && value !== null) {
        const window = value as { from: string; to: string };
        return [fieldLabel(name), `${window.from}–${window.to}`];
      }
      if (name === 'technician' && typeof value === 'object' && value !== null)
        return [fieldLabel(name), (value as { name: string }).name];
      if (name === 'partsUsed' && Array.isArray(value))
        return [fieldLabel(name), value.length === 0 ? undefined : <PartsUsed parts={value} />];
      if (name === 'partsReplaced' && Array.isArray(value))
        return [
          t('console.visitParts.partsReplaced'),
          value.length === 0 ? undefined : (
            <ul class="plain">
              {value.map((part: PartReplaced) => (
                <li key={part.partNumber}>
                  {part.partNumber} × {part.quantity} · {t('console.visitParts.cause', { cause: part.cause })}
                </li>
              ))}
            </ul>
          ),
        ];
      if (name === 'partsCost' && typeof value === 'number')
        return [t('console.visitParts.partsCost'), formatCny(value)];
      if (name === 'photos' && Array.isArray(value))
        return [
          fieldLabel(name),
          value.length === 0 ? undefined : (
            <ul class="plain">
              {value.map((url: string) => (
                <li key={url}>
                  <a href={url} rel="noopener noreferrer" target="_blank">
                    {url}
                  </a>
                </li>
              ))}
            </ul>
          ),
        ];
      if (typeof value === 'string' && ['decision', 'outcome'].includes(name))
        return [fieldLabel(name), optionLabel(name, value)];
      return [fieldLabel(name), typeof value === 'object' ? JSON.stringify(value) : String(value ?? '')];
    });
}

/** The order in which the service record's steps happen. */
const recordSteps = [
  'triage',
  'quote',
  'quoteDecision',
  'assignment',
  'visit',
  'visitReport',
  'completion',
  'closure',
];

/**
 * A service request (`#/service-requests/:id`): the request, customer, delivery and warranty decision,
 * the service record step by step, the next actions (forms from their routes) and the timeline.
 */
export function ServiceRequestPage({ params }: PageProps) {
  const id = params.id ?? '';
  const request = useApi<ServiceRequestView>(`/v1/service-requests/${encodeURIComponent(id)}`);
  const view = request.data;
  const customer = useCustomer(view?.customerId);
  const status = useLiveStatus();
  const actions: Action[] = [];
  if (view) {
    const seen = new Set<string>();
    for (const action of allowedActions(view.status, view.warranty?.status)) {
      const routeId = actionRoutes[action];
      const route = routes[routeId];
      if (seen.has(routeId) || !mayCall(route)) continue;
      seen.add(routeId);
      actions.push({
        key: action,
        label: t(
          `console.serviceAction.${action === 'acceptQuote' || action === 'declineQuote' ? 'quoteDecision' : action}`,
        ),
        route,
      });
    }
  }
  const service = (view?.service ?? {}) as Record<string, Record<string, unknown> | undefined>;
  return (
    <>
      <PageHead
        heading={
          view
            ? t('console.serviceRequest.heading', { reference: view.reference })
            : t('console.page.serviceRequest')
        }
        status={status}
        request={request}
      />
      {view ? (
        <>
          <CaseSummary lead={caseLead(view)} status={view.status}>
            <SummaryItem
              label={t('console.field.type')}
              value={optionLabel('type', String(view.details.type ?? ''))}
            />
          </CaseSummary>
          <CaseActions actions={actions} id={id} record={view} status={status} reload={request.reload} />
          <Section title={t('console.serviceRequest.record')}>
            {recordSteps.some((step) => service[step]) ? (
              recordSteps
                .filter((step) => service[step])
                .map((step) => {
                  const entry = service[step] ?? {};
                  return (
                    <article class="decision" key={step}>
                      <h3>{t(`console.serviceRecord.${step}` as 'console.serviceRecord.triage')}</h3>
                      <p class="muted">
                        {actorLabel({ kind: 'staff', ...(entry.by as object) })} ·{' '}
                        <Time at={entry.at as string} />
                      </p>
                      <Fields rows={recordRows(entry)} />
                    </article>
                  );
                })
            ) : (
              <p class="muted">{t('console.serviceRequest.noRecord')}</p>
            )}
          </Section>
          <Section title={t('console.case.request')}>
            <CaseReport view={view} />
          </Section>
          <Section title={t('console.case.customerAndDelivery')}>
            {view.warranty ? (
              <>
                <h3>{t('console.case.warranty')}</h3>
                <WarrantyDecisionView warranty={view.warranty} />
              </>
            ) : null}
            <h3>{t('console.case.customer')}</h3>
            {view.customerId ? (
              <Pending state={customer}>{(data) => <CustomerSummary customer={data} />}</Pending>
            ) : (
              <p class="muted">{t('console.case.noCustomer')}</p>
            )}
            <h3>{t('console.case.delivery')}</h3>
            <CaseDeliveries details={view.details} customer={customer.data} />
          </Section>
          <TimelineSection events={view.timeline} />
        </>
      ) : null}
    </>
  );
}
