import { actionRoles } from '../../../../shared/domain/returns.ts';
import { routes } from '../../../../shared/http/routes.ts';
import { returnTransition } from '../../../../shared/schemas/returns.ts';
import { hasRole } from '../access.ts';
import type { Action } from '../components/actions.tsx';
import {
  CaseActions,
  CaseSummary,
  PageHead,
  SummaryItem,
  TimelineSection,
} from '../components/case-page.tsx';
import { useLiveStatus } from '../components/live-status.tsx';
import { Fields, Section, textOf, timeOf } from '../components/ui.tsx';
import { useApi } from '../components/use-api.ts';
import { optionOf } from '../forms/fields.ts';
import { t } from '../i18n.ts';
import { actorLabel, formatCny, optionLabel } from '../labels.ts';
import type { PageProps } from '../page.ts';
import { href } from '../router.ts';
import type { ReturnView } from '../types.ts';

/**
 * A return or exchange (`#/returns/:id`): what comes back and why, head office's decision, receipt,
 * inspection, the replacement or refund, the next steps the state model and the caller's roles
 * allow (each a form from its option of `returnTransition`) and the timeline.
 */
export function ReturnPage({ params }: PageProps) {
  const id = params.id ?? '';
  const request = useApi<ReturnView>(`/v1/returns/${encodeURIComponent(id)}`);
  const view = request.data;
  const status = useLiveStatus();
  const actions: Action[] = (view?.availableActions ?? [])
    .filter((action) => hasRole(actionRoles[action]))
    .flatMap((action) => {
      const schema = optionOf(returnTransition.options, 'action', action);
      return schema
        ? [
            {
              key: action,
              label: t(`console.returnAction.${action}`),
              route: routes.transitionReturn,
              schema,
            },
          ]
        : [];
    });
  return (
    <>
      <PageHead
        heading={view ? t('console.return.heading', { reference: view.reference }) : t('console.page.return')}
        status={status}
        request={request}
      />
      {view ? (
        <>
          <CaseSummary
            lead={
              <>
                <a href={href(`/customers/${view.customerId}`)}>{view.organization}</a> ·{' '}
                {t('console.delivery.heading', { orderRef: view.orderRef, batch: view.batch })}
              </>
            }
            status={view.status}
          >
            <SummaryItem label={t('console.field.kind')} value={optionLabel('returnKind', view.kind)} />
            <SummaryItem label={t('console.field.officeId')} value={view.officeId} />
          </CaseSummary>
          <CaseActions actions={actions} id={id} record={view} status={status} reload={request.reload} />
          <Section title={t('console.return.items')}>
            <table class="data compact">
              <caption class="visually-hidden">{t('console.return.items')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console.delivery.product')}</th>
                  <th scope="col">{t('console.field.category')}</th>
                  <th scope="col">{t('console.delivery.quantity')}</th>
                </tr>
              </thead>
              <tbody>
                {view.items.map((item) => (
                  <tr key={item.productId}>
                    <td>{item.productName}</td>
                    <td>{optionLabel('category', item.category)}</td>
                    <td>{item.quantity}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Fields
              rows={[
                [t('console.field.reason'), textOf(view.reason)],
                [t('console.return.submittedBy'), actorLabel(view.submittedBy)],
                [t('console.field.createdAt'), timeOf(view.createdAt)],
              ]}
            />
          </Section>
          <Section title={t('console.return.progress')}>
            {view.decision ||
            view.receivedOn ||
            view.inspection ||
            view.shipment ||
            view.refund ||
            view.closedAt ? null : (
              <p class="muted">{t('console.return.nothingYet')}</p>
            )}
            <Fields
              rows={[
                [
                  t('console.return.decision'),
                  view.decision
                    ? `${view.decision.approved ? t('console.returnAction.approve') : t('console.returnAction.reject')} · ${actorLabel(view.decision.by)}`
                    : undefined,
                ],
                [t('console.return.decisionReason'), textOf(view.decision?.reason)],
                [t('console.field.receivedOn'), view.receivedOn],
                [
                  t('console.return.inspection'),
                  view.inspection ? optionLabel('outcome', view.inspection.outcome) : undefined,
                ],
                [t('console.field.findings'), textOf(view.inspection?.findings)],
                [
                  t('console.return.shipment'),
                  view.shipment
                    ? [view.shipment.shippedOn, view.shipment.carrier, view.shipment.trackingNumber]
                        .filter(Boolean)
                        .join(' · ')
                    : undefined,
                ],
                [
                  t('console.return.refund'),
                  view.refund
                    ? [formatCny(view.refund.amount), view.refund.refundedOn, view.refund.paymentReference]
                        .filter(Boolean)
                        .join(' · ')
                    : undefined,
                ],
                [t('console.return.closedAt'), timeOf(view.closedAt)],
              ]}
            />
          </Section>
          <TimelineSection events={view.timeline} />
        </>
      ) : null}
    </>
  );
}
