import { decideInquiry, type InquiryAction } from '../../../../shared/domain/inquiry.ts';
import { routes } from '../../../../shared/http/routes.ts';
import { mayCall } from '../access.ts';
import type { Action } from '../components/actions.tsx';
import {
  CaseActions,
  CaseSummary,
  caseLead,
  PageHead,
  Pending,
  SummaryItem,
  TimelineSection,
  useCustomer,
} from '../components/case-page.tsx';
import { CaseReport } from '../components/case-report.tsx';
import { CustomerSummary } from '../components/customer-delivery.tsx';
import { useLiveStatus } from '../components/live-status.tsx';
import { Fields, Section, textOf, timeOf } from '../components/ui.tsx';
import { useApi } from '../components/use-api.ts';
import { t } from '../i18n.ts';
import { actorLabel, optionLabel } from '../labels.ts';
import type { PageProps } from '../page.ts';
import type { InquiryView } from '../types.ts';

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
  const customer = useCustomer(view?.customerId);
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
      <PageHead
        heading={
          view ? t('console.inquiry.heading', { reference: view.reference }) : t('console.page.inquiry')
        }
        status={status}
        request={inquiry}
      />
      {view ? (
        <>
          <CaseSummary lead={caseLead(view)} status={view.status}>
            <SummaryItem
              label={t('console.field.kind')}
              value={optionLabel('kind', String(view.details.kind ?? ''))}
            />
            {handling?.flag ? (
              <div>
                <span class="badge badge-active">
                  <span aria-hidden="true">⚑ </span>
                  {t('console.inquiry.flagged')}
                </span>
              </div>
            ) : null}
          </CaseSummary>
          <CaseActions actions={actions} id={id} record={view} status={status} reload={inquiry.reload} />
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
              <Pending state={customer}>{(data) => <CustomerSummary customer={data} />}</Pending>
            </Section>
          ) : null}
          <TimelineSection events={view.timeline} />
        </>
      ) : null}
    </>
  );
}
