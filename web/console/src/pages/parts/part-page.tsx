import { useState } from 'preact/hooks';
import { routes } from '../../../../../shared/http/routes.ts';
import { mayCall } from '../../access.ts';
import { apiGet } from '../../api.ts';
import { type Action, Actions } from '../../components/actions.tsx';
import { PageHead, SummaryItem } from '../../components/case-page.tsx';
import { useLiveStatus } from '../../components/live-status.tsx';
import { ErrorNotice, Fields, Section, Time } from '../../components/ui.tsx';
import { useApi } from '../../components/use-api.ts';
import { pathOf } from '../../forms/route-form.tsx';
import { label, t } from '../../i18n.ts';
import { actorLabel, formatCny, optionLabel } from '../../labels.ts';
import type { PageProps } from '../../page.ts';
import { href } from '../../router.ts';
import { currentSession } from '../../session.ts';
import type { Page } from '../../types.ts';
import { ledgerDetails, reconcileVerdict, signedChange } from './ledger.ts';
import { partActionsFor } from './part-actions.ts';
import { QuotaBadge, quotaOf, unitsOf } from './parts-ui.tsx';
import type { LedgerEntryView, PartDetail, ReconciliationView } from './types.ts';

/** 帐、卡、物 compared, in words: the verdict, then each figure that differs. */
function ReconcileResult({ result, unit }: { result: ReconciliationView; unit: string }) {
  const verdict = reconcileVerdict(result);
  return (
    <div
      class={`notice ${verdict === 'agrees' ? 'notice-success' : 'notice-error'}`}
      data-testid="reconcile-result"
      data-verdict={verdict}
    >
      <p>
        <span aria-hidden="true">{verdict === 'agrees' ? '✓ ' : '⚠ '}</span>
        {verdict === 'agrees'
          ? t('console.parts.reconcile.agrees', {
              entries: result.ledger.entries,
              quantity: unitsOf(result.card.quantity, unit),
              value: formatCny(result.card.value),
              toRepair: unitsOf(result.card.toRepair, unit),
              lots: result.lots.count,
            })
          : t(`console.parts.reconcile.${verdict}`)}
      </p>
      {result.differences.length > 0 ? (
        <ul>
          {result.differences.map((difference) => {
            const shown = (n: number | undefined) =>
              n === undefined ? '–' : difference.figure === 'value' ? formatCny(n) : unitsOf(n, unit);
            return (
              <li key={difference.figure}>
                {t('console.parts.reconcile.difference', {
                  figure: t(`console.parts.figure.${difference.figure}`),
                  card: shown(difference.card),
                  ledger: shown(difference.ledger),
                  lots: shown(difference.lots),
                })}
              </li>
            );
          })}
        </ul>
      ) : null}
      <p class="muted small">
        {t('console.parts.reconcile.checkedAt')} <Time at={result.checkedAt} />
      </p>
    </div>
  );
}

function LotsTable({ part }: { part: PartDetail }) {
  if (part.lots.length === 0) return <p class="muted">{t('console.parts.noLots')}</p>;
  return (
    <table class="data compact" data-testid="lots">
      <caption>{t('console.parts.lotsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('console.parts.lot.receivedOn')}</th>
          <th scope="col">{t('console.parts.lot.origin')}</th>
          <th scope="col">{t('console.parts.lot.supplier')}</th>
          <th scope="col">{t('console.parts.lot.quantity')}</th>
          <th scope="col">{t('console.parts.lot.unitCost')}</th>
          <th scope="col">{t('console.parts.lot.value')}</th>
        </tr>
      </thead>
      <tbody>
        {part.lots.map((lot, index) => (
          <tr key={lot.lotId}>
            <th scope="row">
              {lot.receivedOn}
              {index === 0 ? <span class="muted"> {t('console.parts.lot.next')}</span> : null}
            </th>
            <td>{label('parts.origin', lot.origin)}</td>
            <td>{lot.supplier ?? ''}</td>
            <td>{unitsOf(lot.quantity, part.unit)}</td>
            <td>{formatCny(lot.unitCost)}</td>
            <td>{formatCny(lot.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One entry's facts: destination, supplier, cause, note... (links to the records they name). */
function LedgerDetails({ entry }: { entry: LedgerEntryView }) {
  const details = ledgerDetails(entry);
  const lots = entry.allocations ?? [];
  if (details.length === 0 && lots.length === 0) return null;
  return (
    <ul class="plain">
      {details.map((detail) => (
        <li key={detail.label}>
          {t(detail.label)}:{' '}
          {detail.link ? (
            <a href={href(detail.link)}>{detail.text}</a>
          ) : (
            <span class="pre">{detail.text}</span>
          )}
        </li>
      ))}
      {lots.length > 0 ? (
        <li>
          {t('console.parts.ledger.lots')}:{' '}
          {lots
            .map((lot) =>
              t('console.parts.ledger.lot', {
                receivedOn: lot.receivedOn,
                quantity: lot.quantity,
                unitCost: formatCny(lot.unitCost),
              }),
            )
            .join(t('console.listSeparator'))}
        </li>
      ) : null}
    </ul>
  );
}

/** The ledger (帐), newest first, a page at a time (`?ledger=<cursor>` keeps the page in the address). */
function LedgerTable({ part, query }: { part: PartDetail; query: URLSearchParams }) {
  const cursor = query.get('ledger') ?? undefined;
  const ledger = useApi<Page<LedgerEntryView>>(
    pathOf(routes.listPartLedger, { partNumber: part.partNumber }),
    cursor ? { cursor } : {},
  );
  const path = `/parts/${part.partNumber}`;
  if (ledger.error) return <ErrorNotice error={ledger.error} />;
  const entries = ledger.data?.items ?? [];
  return (
    <>
      {ledger.data && entries.length === 0 ? <p class="muted">{t('console.parts.noLedger')}</p> : null}
      {entries.length > 0 ? (
        <table class="data compact" data-testid="ledger" aria-busy={ledger.loading}>
          <caption>
            {t('console.parts.ledgerCaption')}
            {cursor ? ` · ${t('console.list.laterPage')}` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('console.parts.ledger.seq')}</th>
              <th scope="col">{t('console.parts.ledger.kind')}</th>
              <th scope="col">{t('console.parts.ledger.at')}</th>
              <th scope="col">{t('console.parts.ledger.quantity')}</th>
              <th scope="col">{t('console.parts.ledger.value')}</th>
              <th scope="col">{t('console.parts.ledger.toRepair')}</th>
              <th scope="col">{t('console.parts.ledger.balance')}</th>
              <th scope="col">{t('console.parts.ledger.by')}</th>
              <th scope="col">{t('console.parts.ledger.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq} data-kind={entry.kind}>
                <td>{entry.seq}</td>
                <th scope="row">{label('parts.ledger', entry.kind)}</th>
                <td>
                  <Time at={entry.at} />
                </td>
                <td>{signedChange(entry.quantity)}</td>
                <td>{signedChange(entry.value, formatCny)}</td>
                <td>{signedChange(entry.toRepair)}</td>
                <td>
                  {unitsOf(entry.balance.onHand, part.unit)} · {formatCny(entry.balance.stockValue)}
                  {entry.balance.toRepair > 0
                    ? ` · ${t('console.parts.waitingRepair', { count: entry.balance.toRepair })}`
                    : ''}
                </td>
                <td>{entry.by ? actorLabel({ kind: 'staff', ...entry.by }) : ''}</td>
                <td>
                  <LedgerDetails entry={entry} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {cursor || ledger.data?.nextCursor ? (
        <nav class="pager" aria-label={t('console.parts.ledgerPaging')}>
          {cursor ? <a href={href(path)}>{t('console.parts.ledgerNewest')}</a> : null}
          {ledger.data?.nextCursor ? (
            <a href={href(path, { ledger: ledger.data.nextCursor })}>{t('console.parts.ledgerOlder')}</a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

/**
 * A spare part (`#/parts/:partNumber`): its stock card with the quota state, the check that
 * ledger, card and lots agree (帐、卡、物相符), the movements the caller's roles may book (each a
 * form from its route's body), the lots oldest first, the catalogue entry and the ledger.
 */
export function PartPage({ params, query }: PageProps) {
  const partNumber = params.partNumber ?? '';
  const request = useApi<PartDetail>(pathOf(routes.getPart, { partNumber }));
  const part = request.data;
  const status = useLiveStatus();
  const [reconcile, setReconcile] = useState<{ result?: ReconciliationView; error?: unknown }>({});
  const [checking, setChecking] = useState(false);

  const check = async () => {
    if (checking) return;
    setChecking(true);
    try {
      const result = await apiGet<ReconciliationView>(pathOf(routes.reconcilePart, { partNumber }));
      setReconcile({ result });
      const verdict = reconcileVerdict(result);
      status.say(t(`console.parts.reconcile.${verdict}Short`), verdict === 'agrees' ? 'success' : 'error');
    } catch (error) {
      setReconcile({ error });
    } finally {
      setChecking(false);
    }
  };

  const actions: Action[] = part
    ? partActionsFor(currentSession()?.roles ?? [], part).map((spec) => ({
        key: spec.key,
        label: t(`console.partAction.${spec.key}`),
        route: spec.route,
        ...(spec.schema ? { schema: spec.schema } : {}),
      }))
    : [];

  return (
    <>
      <PageHead
        heading={
          part
            ? t('console.parts.heading', { partNumber: part.partNumber, name: part.name })
            : t('console.page.part')
        }
        status={status}
        request={request}
      />
      {part ? (
        <>
          <p class="lead">{[part.specification, part.maker, part.model].filter(Boolean).join(' · ')}</p>
          <div class="summary-bar" data-testid="stock-card">
            <SummaryItem label={t('console.parts.onHand')} value={unitsOf(part.stock.onHand, part.unit)} />
            <SummaryItem label={t('console.parts.stockValue')} value={formatCny(part.stock.stockValue)} />
            <SummaryItem
              label={t('console.parts.toRepair')}
              value={unitsOf(part.stock.toRepair, part.unit)}
            />
            <SummaryItem label={t('console.parts.quota')} value={quotaOf(part)} />
            <SummaryItem label={t('console.parts.quotaState')}>
              <QuotaBadge part={part} />
            </SummaryItem>
            <div class="summary-actions">
              <nav class="summary-actions" aria-label={t('console.parts.related')}>
                {mayCall(routes.createRequisition) ? (
                  <a href={href('/requisitions/new')}>{t('console.requisition.new')}</a>
                ) : null}
                {mayCall(routes.createScrap) ? (
                  <a href={href('/scraps/new')}>{t('console.scrap.new')}</a>
                ) : null}
                {mayCall(routes.listScraps) ? (
                  <a href={href('/scraps', { partNumber: part.partNumber })}>{t('console.parts.scraps')}</a>
                ) : null}
              </nav>
              {mayCall(routes.reconcilePart) ? (
                <button
                  type="button"
                  class="secondary"
                  onClick={check}
                  aria-disabled={checking ? true : undefined}
                  data-testid="reconcile"
                >
                  <span aria-hidden="true">✓ </span>
                  {t('console.parts.reconcile.button')}
                </button>
              ) : null}
            </div>
          </div>
          {reconcile.error ? <ErrorNotice error={reconcile.error} /> : null}
          {reconcile.result ? <ReconcileResult result={reconcile.result} unit={part.unit} /> : null}
          <Actions
            actions={actions}
            params={{ partNumber }}
            version={part.version}
            onDone={(action) => {
              status.say(t('console.actions.done', { action: action.label }), 'success');
              setReconcile({});
              request.reload();
            }}
          />
          <Section title={t('console.parts.lots')}>
            <LotsTable part={part} />
          </Section>
          <Section title={t('console.parts.catalogue')}>
            <Fields
              rows={[
                [t('console.field.partNumber'), part.partNumber],
                [t('console.field.name'), part.name],
                [t('console.field.specification'), part.specification],
                [t('console.field.maker'), part.maker],
                [t('console.field.model'), part.model],
                [t('console.parts.category'), optionLabel('category', part.category)],
                [t('console.field.unit'), part.unit],
                [t('console.field.unitCost'), formatCny(part.unitCost)],
                [t('console.field.location'), part.location],
                [
                  t('console.parts.drawing'),
                  part.drawing ? `${part.drawing.reference} · ${part.drawing.revision}` : undefined,
                ],
                [
                  t('console.field.fixedAsset'),
                  part.fixedAsset ? t('console.parts.yes') : t('console.parts.no'),
                ],
                [t('console.field.updatedAt'), <Time at={part.updatedAt} />],
              ]}
            />
          </Section>
          <Section title={t('console.parts.ledger')}>
            {/* Keyed by the version: a movement booked here shows in the ledger at once. */}
            <LedgerTable key={part.version} part={part} query={query} />
          </Section>
        </>
      ) : null}
    </>
  );
}
