import { requisitionOrigins, requisitionStatuses } from '../../../../../shared/domain/requisition.ts';
import { routes } from '../../../../../shared/http/routes.ts';
import { mayCall } from '../../access.ts';
import type { Action } from '../../components/actions.tsx';
import { CaseActions, PageHead, SummaryItem, TimelineSection } from '../../components/case-page.tsx';
import { type Column, ListPage } from '../../components/list-page.tsx';
import { useLiveStatus } from '../../components/live-status.tsx';
import { type FieldRow, Fields, Section, Time, textOf } from '../../components/ui.tsx';
import { useApi } from '../../components/use-api.ts';
import { pathOf, RouteForm } from '../../forms/route-form.tsx';
import { label, t } from '../../i18n.ts';
import { optionLabel } from '../../labels.ts';
import type { PageProps } from '../../page.ts';
import { href } from '../../router.ts';
import { currentSession } from '../../session.ts';
import { byLabel, RecordStatus, Signed } from './parts-ui.tsx';
import { requisitionActionsFor } from './requisition-actions.ts';
import type { RequisitionDetail, RequisitionView } from './types.ts';

const tones = {
  proposed: 'new',
  awaitingStockCheck: 'new',
  received: 'done',
  rejected: 'stopped',
  cancelled: 'stopped',
} as const;

const Status = ({ status }: { status: string }) => (
  <RecordStatus status={status} prefix="requisitions.status" tones={tones} />
);

/** 急件: a badge with its icon and words. */
const Urgent = () => (
  <span class="badge badge-overdue">
    <span aria-hidden="true">⚡ </span>
    {t('console.requisition.urgent')}
  </span>
);

/** 请购单: GET /v1/requisitions by status, origin and department, newest first. */
export function RequisitionListPage({ query }: PageProps) {
  const columns: Column<RequisitionView>[] = [
    {
      header: t('console.field.reference'),
      rowHeader: true,
      cell: (item) => <a href={href(`/requisitions/${item.id}`)}>{item.reference}</a>,
    },
    { header: t('console.field.status'), cell: (item) => <Status status={item.status} /> },
    { header: t('console.requisition.origin'), cell: (item) => label('requisitions.origin', item.origin) },
    { header: t('console.requisition.department'), cell: (item) => item.departmentId ?? '' },
    {
      header: t('console.requisition.lines'),
      cell: (item) =>
        item.lines.map((line) => `${line.name} × ${line.quantity}`).join(t('console.listSeparator')),
    },
    { header: t('console.requisition.urgent'), cell: (item) => (item.urgent ? <Urgent /> : '') },
    { header: t('console.field.createdAt'), cell: (item) => <Time at={item.createdAt} /> },
  ];
  const session = currentSession();
  const ownDepartmentOnly = session?.roles.every((role) => role === 'department');
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.requisitions')}</h1>
      {mayCall(routes.createRequisition) ? (
        <p class="toolbar">
          <a class="button-link" href={href('/requisitions/new')}>
            {t('console.requisition.new')}
          </a>
        </p>
      ) : null}
      <ListPage
        path="/requisitions"
        apiPath={routes.listRequisitions.path}
        filters={[
          {
            name: 'status',
            label: t('console.field.status'),
            type: 'select',
            options: requisitionStatuses.map((s) => [s, label('requisitions.status', s)]),
          },
          {
            name: 'origin',
            label: t('console.requisition.origin'),
            type: 'select',
            options: requisitionOrigins.map((o) => [o, label('requisitions.origin', o)]),
          },
          // Department users see their own department's only: no filter to offer them.
          ...(ownDepartmentOnly
            ? []
            : [{ name: 'departmentId', label: t('console.requisition.department'), type: 'text' as const }]),
        ]}
        columns={columns}
        caption={t('console.requisition.listCaption')}
        csvName="requisitions.csv"
        query={query}
        rowKey={(item) => item.id}
        empty={t('console.list.empty')}
      />
    </>
  );
}

/** 新建请购单 (`#/requisitions/new`): the form of POST /v1/requisitions; the new requisition's page after. */
export function NewRequisitionPage() {
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.newRequisition')}</h1>
      <p>
        <a href={href('/requisitions')}>{t('console.requisition.backToList')}</a>
      </p>
      {mayCall(routes.createRequisition) ? (
        <Section title={t('console.requisition.request')}>
          <RouteForm
            route={routes.createRequisition}
            params={{}}
            formId="new-requisition"
            testId="new-requisition-form"
            hintScope="createRequisition"
            submitLabel={t('console.requisition.submit')}
            onDone={(result) => {
              location.hash = href(`/requisitions/${(result as RequisitionView).id}`);
            }}
          />
        </Section>
      ) : (
        <p class="notice">{t('console.error.forbidden')}</p>
      )}
    </>
  );
}

function LinesTable({ view }: { view: RequisitionDetail }) {
  return (
    <table class="data compact" data-testid="requisition-lines">
      <caption>{t('console.requisition.lines')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('console.field.partNumber')}</th>
          <th scope="col">{t('console.field.name')}</th>
          <th scope="col">{t('console.field.quantity')}</th>
          <th scope="col">{t('console.requisition.received')}</th>
          <th scope="col">{t('console.requisition.makerModel')}</th>
          <th scope="col">{t('console.requisition.onHandAtCheck')}</th>
        </tr>
      </thead>
      <tbody>
        {view.lines.map((line) => (
          <tr key={line.partNumber}>
            <th scope="row">
              <a href={href(`/parts/${line.partNumber}`)}>{line.partNumber}</a>
            </th>
            <td>{line.name}</td>
            <td>{line.quantity}</td>
            <td>{line.received}</td>
            <td>
              {[line.maker, line.model].filter(Boolean).join(' · ')}
              {line.makerChange ? (
                <>
                  {' '}
                  <span class="badge badge-atRisk">
                    <span aria-hidden="true">⚠ </span>
                    {t('console.requisition.makerChange')}
                  </span>
                </>
              ) : null}
            </td>
            <td>{line.onHandAtCheck ?? t('console.requisition.notChecked')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A signed step of the requisition as an article: its title, who and when, then its facts. */
function Step({
  title,
  signed,
  rows,
}: {
  title: string;
  signed: { by: { sub?: string; email?: string }; at: string };
  rows: readonly FieldRow[];
}) {
  return (
    <article class="decision">
      <h3>{title}</h3>
      <p>
        <Signed by={signed.by} at={signed.at} />
      </p>
      <Fields rows={rows} />
    </article>
  );
}

/** The stock check, both approvals (who, when, decision), the order, delay reports and cancellation. */
function Progress({ view }: { view: RequisitionDetail }) {
  const { stockCheck, approvals, order, cancellation } = view;
  const approval = (level: 'department' | 'plant') => {
    const decided = approvals[level];
    return decided ? (
      <Step
        key={level}
        title={t(`console.requisition.approval.${level}`)}
        signed={decided}
        rows={[
          [t('console.field.decision'), optionLabel('decision', decided.decision)],
          [
            t('console.field.makerChange'),
            level === 'plant' && approvals.plant?.makerChange
              ? optionLabel('makerChange', approvals.plant.makerChange)
              : undefined,
          ],
          [t('console.field.note'), textOf(decided.note)],
        ]}
      />
    ) : (
      <p key={level} class="muted">
        {t('console.requisition.awaiting', { step: t(`console.requisition.approval.${level}`) })}
      </p>
    );
  };
  return (
    <Section title={t('console.requisition.progress')} testId="requisition-progress">
      {stockCheck ? (
        <Step
          title={t('console.requisition.stockCheck')}
          signed={stockCheck}
          rows={[[t('console.field.note'), textOf(stockCheck.note)]]}
        />
      ) : view.origin === 'request' ? (
        <p class="muted">
          {t('console.requisition.awaiting', { step: t('console.requisition.stockCheck') })}
        </p>
      ) : null}
      {view.origin === 'request' ? [approval('department'), approval('plant')] : null}
      {order ? (
        <Step
          title={t('console.requisition.order')}
          signed={order}
          rows={[
            [t('console.field.supplier'), order.supplier],
            [t('console.field.expectedOn'), order.expectedOn],
            [t('console.field.note'), textOf(order.note)],
          ]}
        />
      ) : null}
      {view.delayReportOverdue ? (
        <p class="notice notice-error" role="note">
          <span aria-hidden="true">⚠ </span>
          {t('console.requisition.delayReportOverdue', { expectedOn: view.delayReportOverdue.expectedOn })}
        </p>
      ) : null}
      {view.delayReports.map((report) => (
        <Step
          key={report.reportedAt}
          title={t('console.requisition.delayReport')}
          signed={{ by: report.by, at: report.reportedAt }}
          rows={[
            [t('console.field.learnedOn'), report.learnedOn],
            [t('console.field.newExpectedOn'), report.newExpectedOn],
            [t('console.field.reason'), textOf(report.reason)],
            [
              t('console.requisition.delayReportLate'),
              report.late ? t('console.requisition.late') : undefined,
            ],
          ]}
        />
      ))}
      {cancellation ? (
        <Step
          title={t('console.requisition.cancellation')}
          signed={cancellation}
          rows={[[t('console.field.reason'), textOf(cancellation.reason)]]}
        />
      ) : null}
    </Section>
  );
}

/**
 * A requisition (`#/requisitions/:id`): what is asked for and why, the stock check, the two
 * approvals with who and when, the order and delay reports, the next steps the caller may take
 * (forms from their routes, `If-Match` with the version) and the timeline.
 */
export function RequisitionPage({ params }: PageProps) {
  const id = params.id ?? '';
  const request = useApi<RequisitionDetail>(pathOf(routes.getRequisition, { id }));
  const view = request.data;
  const status = useLiveStatus();
  const session = currentSession();
  const actions: Action[] = view
    ? requisitionActionsFor(view, {
        roles: session?.roles ?? [],
        departmentId: session?.departmentId,
      }).map((spec) => ({
        key: spec.key,
        label: t(`console.requisitionAction.${spec.key}`),
        route: spec.route,
        ...(spec.schema ? { schema: spec.schema } : {}),
      }))
    : [];
  return (
    <>
      <PageHead
        heading={
          view
            ? t('console.requisition.heading', { reference: view.reference })
            : t('console.page.requisition')
        }
        status={status}
        request={request}
      />
      {view ? (
        <>
          <div class="summary-bar" data-testid="requisition-summary">
            <SummaryItem label={t('console.field.status')}>
              <Status status={view.status} />
            </SummaryItem>
            <SummaryItem
              label={t('console.requisition.origin')}
              value={label('requisitions.origin', view.origin)}
            />
            {view.departmentId ? (
              <SummaryItem label={t('console.requisition.department')} value={view.departmentId} />
            ) : null}
            {view.urgent ? (
              <SummaryItem label={t('console.requisition.urgent')}>
                <Urgent />
              </SummaryItem>
            ) : null}
            {view.neededBy ? <SummaryItem label={t('console.field.neededBy')} value={view.neededBy} /> : null}
          </div>
          <CaseActions actions={actions} id={id} record={view} status={status} reload={request.reload} />
          <Section title={t('console.requisition.request')}>
            <LinesTable view={view} />
            <Fields
              rows={[
                [t('console.field.reason'), textOf(view.reason)],
                [t('console.requisition.requestedBy'), byLabel(view.requestedBy)],
                [t('console.field.createdAt'), <Time at={view.createdAt} />],
                [
                  t('console.requisition.receivedAt'),
                  view.receivedAt ? <Time at={view.receivedAt} /> : undefined,
                ],
              ]}
            />
          </Section>
          <Progress view={view} />
          <TimelineSection events={view.timeline} />
        </>
      ) : null}
    </>
  );
}
