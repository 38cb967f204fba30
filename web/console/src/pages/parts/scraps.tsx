import { appraisalSlots, scrapStatuses } from '../../../../../shared/domain/scrap.ts';
import { routes } from '../../../../../shared/http/routes.ts';
import { mayCall } from '../../access.ts';
import type { Action } from '../../components/actions.tsx';
import { CaseActions, PageHead, SummaryItem, TimelineSection } from '../../components/case-page.tsx';
import { type Column, ListPage } from '../../components/list-page.tsx';
import { useLiveStatus } from '../../components/live-status.tsx';
import { Fields, Section, Time, textOf } from '../../components/ui.tsx';
import { useApi } from '../../components/use-api.ts';
import { pathOf, RouteForm } from '../../forms/route-form.tsx';
import { label, t } from '../../i18n.ts';
import { formatCny } from '../../labels.ts';
import type { PageProps } from '../../page.ts';
import { href } from '../../router.ts';
import { currentSession } from '../../session.ts';
import { byLabel, RecordStatus, Signed } from './parts-ui.tsx';
import { scrapActionsFor } from './scrap-actions.ts';
import type { ScrapDetail, ScrapView } from './types.ts';

const tones = { scrapped: 'done', rejected: 'stopped' } as const;

const Status = ({ status }: { status: string }) => (
  <RecordStatus status={status} prefix="scrap.status" tones={tones} />
);

/** 报废: GET /v1/scraps by status and part, newest first. */
export function ScrapListPage({ query }: PageProps) {
  const columns: Column<ScrapView>[] = [
    {
      header: t('console.field.reference'),
      rowHeader: true,
      cell: (item) => <a href={href(`/scraps/${item.id}`)}>{item.reference}</a>,
    },
    { header: t('console.field.status'), cell: (item) => <Status status={item.status} /> },
    {
      header: t('console.scrap.part'),
      cell: (item) => (
        <a href={href(`/parts/${item.partNumber}`)}>
          {item.partNumber} {item.partName}
        </a>
      ),
    },
    { header: t('console.field.quantity'), cell: (item) => item.quantity },
    { header: t('console.scrap.value'), cell: (item) => formatCny(item.value) },
    { header: t('console.scrap.route'), cell: (item) => label('scrap.route', item.route) },
    { header: t('console.field.createdAt'), cell: (item) => <Time at={item.createdAt} /> },
  ];
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.scraps')}</h1>
      {mayCall(routes.createScrap) ? (
        <p class="toolbar">
          <a class="button-link" href={href('/scraps/new')}>
            {t('console.scrap.new')}
          </a>
        </p>
      ) : null}
      <ListPage
        path="/scraps"
        apiPath={routes.listScraps.path}
        filters={[
          {
            name: 'status',
            label: t('console.field.status'),
            type: 'select',
            options: scrapStatuses.map((s) => [s, label('scrap.status', s)]),
          },
          { name: 'partNumber', label: t('console.field.partNumber'), type: 'text' },
        ]}
        columns={columns}
        caption={t('console.scrap.listCaption')}
        csvName="scraps.csv"
        query={query}
        rowKey={(item) => item.id}
        empty={t('console.list.empty')}
      />
    </>
  );
}

/** 报废申请 (`#/scraps/new`): the form of POST /v1/scraps; the request's page after. */
export function NewScrapPage() {
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.newScrap')}</h1>
      <p>
        <a href={href('/scraps')}>{t('console.scrap.backToList')}</a>
      </p>
      {mayCall(routes.createScrap) ? (
        <Section title={t('console.scrap.request')}>
          <p class="hint">{t('console.scrap.threshold')}</p>
          <RouteForm
            route={routes.createScrap}
            params={{}}
            formId="new-scrap"
            testId="new-scrap-form"
            hintScope="createScrap"
            submitLabel={t('console.scrap.submit')}
            onDone={(result) => {
              location.hash = href(`/scraps/${(result as ScrapView).id}`);
            }}
          />
        </Section>
      ) : (
        <p class="notice">{t('console.error.forbidden')}</p>
      )}
    </>
  );
}

/** The three appraisal slots (技术鉴定): who gave which opinion and when, or still open. */
function Appraisals({ view }: { view: ScrapDetail }) {
  return (
    <Section title={t('console.scrap.appraisals')} testId="scrap-appraisals">
      {view.route === 'warehouse' ? <p class="muted">{t('console.scrap.noAppraisal')}</p> : null}
      {view.route === 'appraisal'
        ? appraisalSlots.map((slot) => {
            const appraisal = view.appraisals[slot];
            return (
              <article class="decision" key={slot} data-slot={slot}>
                <h3>{label('scrap.slot', slot)}</h3>
                {appraisal ? (
                  <>
                    <p>
                      <strong>{label('scrap.opinion', appraisal.opinion)}</strong>{' '}
                      <Signed by={appraisal.by} at={appraisal.at} />
                    </p>
                    <Fields rows={[[t('console.scrap.appraisalNote'), textOf(appraisal.note)]]} />
                  </>
                ) : (
                  <p class="muted">{t('console.scrap.slotOpen')}</p>
                )}
              </article>
            );
          })
        : null}
      {view.decision ? (
        <article class="decision">
          <h3>{t('console.scrap.decision')}</h3>
          <p>
            <strong>{label('scrap.decision', view.decision.decision)}</strong>{' '}
            <Signed by={view.decision.by} at={view.decision.at} />
          </p>
          <Fields rows={[[t('console.field.note'), textOf(view.decision.note)]]} />
        </article>
      ) : null}
    </Section>
  );
}

/**
 * A scrap request (`#/scraps/:id`): the part, units, value and route (at once by the warehouse, or
 * appraised); the three appraisal slots with who and which opinion; management's decision; the
 * next steps the caller may take (forms from their routes) and the timeline.
 */
export function ScrapPage({ params }: PageProps) {
  const id = params.id ?? '';
  const request = useApi<ScrapDetail>(pathOf(routes.getScrap, { id }));
  const view = request.data;
  const status = useLiveStatus();
  const actions: Action[] = view
    ? scrapActionsFor(view, currentSession()?.roles ?? []).map((spec) => ({
        key: spec.key,
        label: t(`console.scrapAction.${spec.key}` as 'console.scrapAction.approveScrap'),
        route: spec.route,
        schema: spec.schema,
      }))
    : [];
  return (
    <>
      <PageHead
        heading={view ? t('console.scrap.heading', { reference: view.reference }) : t('console.page.scrap')}
        status={status}
        request={request}
      />
      {view ? (
        <>
          <p class="lead">
            <a href={href(`/parts/${view.partNumber}`)}>
              {view.partNumber} {view.partName}
            </a>
          </p>
          <div class="summary-bar" data-testid="scrap-summary">
            <SummaryItem label={t('console.field.status')}>
              <Status status={view.status} />
            </SummaryItem>
            <SummaryItem label={t('console.field.quantity')} value={view.quantity} />
            <SummaryItem label={t('console.scrap.value')} value={formatCny(view.value)} />
            {view.bookedValue !== undefined ? (
              <SummaryItem label={t('console.scrap.bookedValue')} value={formatCny(view.bookedValue)} />
            ) : null}
            <SummaryItem label={t('console.scrap.route')} value={label('scrap.route', view.route)} />
          </div>
          <CaseActions actions={actions} id={id} record={view} status={status} reload={request.reload} />
          <Section title={t('console.scrap.request')}>
            <Fields
              rows={[
                [t('console.field.reason'), textOf(view.reason)],
                [t('console.field.lotId'), view.lotId],
                [t('console.scrap.requestedBy'), byLabel(view.requestedBy)],
                [t('console.field.createdAt'), <Time at={view.createdAt} />],
                [
                  t('console.scrap.ledgerEntry'),
                  view.ledgerSeq !== undefined ? (
                    <a href={href(`/parts/${view.partNumber}`)}>
                      {t('console.scrap.ledgerSeq', { seq: view.ledgerSeq })}
                    </a>
                  ) : undefined,
                ],
              ]}
            />
          </Section>
          <Appraisals view={view} />
          <TimelineSection events={view.timeline} />
        </>
      ) : null}
    </>
  );
}
