import { decideInquiry, type InquiryAction } from '../../../../shared/domain/inquiry.ts';
import { routes } from '../../../../shared/http/routes.ts';
import { mayCall } from '../access.ts';
import { type Action, Actions } from '../components/actions.tsx';
import { CaseReport } from '../components/case-report.tsx';
import { CustomerSummary } from '../components/customer-delivery.tsx';
import { LiveStatus, useLiveStatus } from '../components/live-status.tsx';
import { Timeline } from '../components/timeline.tsx';
import { ErrorNotice, Fields, Loading, Section, StatusBadge, textOf, timeOf } from '../components/ui.tsx';
import { useApi } from '../components/use-api.ts';
import { t } from '../i18n.ts';
import { actorLabel, optionLabel } from '../labels.ts';
import type { PageProps } from '../page.ts';
import type { CustomerView, InquiryView } from '../types.ts';

/** The inquiry actions with a route of their own (answer-and-close is the answer's `close` box). */
const actionRoutes: readonly (readonly [InquiryAction, keyof typeof routes])[] = [
  ['answer', 'answerInquiry'],
  ['forward', 'forwardInquiry'],
  ['respond', 'respondToInquiry'],
  ['flag', 'flagInquiry'],
  ['close', 'closeInquiry'],
];

/**
 * An inquiry, opinion or suggestion (`#/inquiries/:id`): the message, what was done with it
 * (forwarded, the department's response, the answer, the flag), the next actions and the timeline.
 */
export function InquiryPage({ params }: PageProps) {
  const id = params.id ?? '';
  const inquiry = useApi<InquiryView>(`/v1/inquiries/${encodeURIComponent(id)}`);
  const view = inquiry.data;
  const customer = useApi<CustomerView>(
    view?.customerId ? `/v1/customers/${encodeURIComponent(view.customerId)}` : undefined,
  );
  const status = useLiveStatus();
  const handling = view?.inquiry;
  const actions: Action[] = view
    ? actionRoutes
        .filter(
          ([action, routeId]) =>
            mayCall(routes[routeId]) &&
            decideInquiry({ status: view.status, flagged: !!handling?.flag }, action).allowed,
        )
        .map(([action, routeId]) => ({
          key: action,
          label: t(`console.inquiryAction.${action}`),
          route: routes[routeId],
        }))
    : [];
  return (
    <>
      <h1 tabIndex={-1}>
        {view ? t('console.inquiry.heading', { reference: view.reference }) : t('console.page.inquiry')}
      </h1>
      <LiveStatus message={status.message} tone={status.tone} />
      {inquiry.error ? <ErrorNotice error={inquiry.error} /> : null}
      {inquiry.loading && !view ? <Loading /> : null}
      {view ? (
        <>
          <p class="lead">
            {view.organization} · {view.title}
          </p>
          <div class="summary-bar">
            <div>
              <span class="summary-label">{t('console.field.status')}</span>
              <StatusBadge status={view.status} />
            </div>
            <div>
              <span class="summary-label">{t('console.field.kind')}</span>
              <strong>{optionLabel('kind', String(view.details.kind ?? ''))}</strong>
            </div>
            {handling?.flag ? (
              <div>
                <span class="badge badge-active">
                  <span aria-hidden="true">⚑ </span>
                  {t('console.inquiry.flagged')}
                </span>
              </div>
            ) : null}
          </div>
          <Actions
            actions={actions}
            params={{ id }}
            version={view.version}
            onDone={(action) => {
              status.say(t('console.actions.done', { action: action.label }), 'success');
              inquiry.reload();
            }}
          />
          <Section title={t('console.inquiry.handling')}>
            {handling &&
            (handling.forward || handling.departmentResponse || handling.answer || handling.flag) ? (
              <Fields
                rows={[
                  [
                    t('console.inquiry.forwardedTo'),
                    handling.forward
                      ? `${handling.forward.departmentId} · ${actorLabel(handling.forward.by)}`
                      : undefined,
                  ],
                  [t('console.inquiry.forwardNote'), textOf(handling.forward?.note)],
                  [t('console.inquiry.departmentResponse'), textOf(handling.departmentResponse?.response)],
                  [t('console.inquiry.answer'), textOf(handling.answer?.answer)],
                  [
                    t('console.inquiry.mailed'),
                    handling.answer
                      ? handling.answer.mailed
                        ? t('console.yes')
                        : t('console.inquiry.notMailed')
                      : undefined,
                  ],
                  [t('console.inquiry.flagReason'), textOf(handling.flag?.reason)],
                  [t('console.inquiry.closedAt'), timeOf(handling.closedAt)],
                ]}
              />
            ) : (
              <p class="muted">{t('console.inquiry.notHandled')}</p>
            )}
          </Section>
          <Section title={t('console.case.message')}>
            <CaseReport view={view} />
          </Section>
          {view.customerId ? (
            <Section title={t('console.case.customer')}>
              {customer.data ? (
                <CustomerSummary customer={customer.data} />
              ) : customer.error ? (
                <ErrorNotice error={customer.error} />
              ) : (
                <Loading />
              )}
            </Section>
          ) : null}
          <Section title={t('console.timeline.title')}>
            <Timeline events={view.timeline} />
          </Section>
        </>
      ) : null}
    </>
  );
}
