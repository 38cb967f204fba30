import { routes } from '../../../../shared/http/routes.ts';
import type { Language } from '../../../../shared/i18n/translate.ts';
import { ErrorNotice, Loading } from '../components/ui.tsx';
import { useApi } from '../components/use-api.ts';
import { label, t } from '../i18n.ts';
import { formatCny } from '../labels.ts';
import type { PageProps } from '../page.ts';
import { href } from '../router.ts';
import type { Page } from '../types.ts';
import { DataTable, fill, palette, type ReportChartConfig } from './chart.tsx';
import { categoryAxis, countAxis, legend, percentAxis, tooltip } from './chart-options.ts';
import { monthName, num, pct, periodName } from './format.ts';
import { ReportFrame, reportHref, usePeriod } from './frame.tsx';
import {
  figureKind,
  type OldLot,
  outsideQuotaSpend,
  type PartsFigure,
  type PartsReport,
  partsEmpty,
  partsFigureOrder,
  partsSeries,
} from './parts-series.ts';
import { reportLinks } from './report-nav.ts';
import { ReportView, type ReportViewModel } from './report-view.tsx';
import { extremes, monthLabel } from './series.ts';
import { useReport } from './use-report.ts';

/** Lots kept longer than this many days are listed by default (the API's default too). */
const OLD_LOT_DAYS = 180;

const olderThanDaysOf = (query: URLSearchParams): number => {
  const days = Number(query.get('olderThanDays'));
  return Number.isInteger(days) && days >= 1 && days <= 3650 ? days : OLD_LOT_DAYS;
};

/** A figure as the tables print it: CNY, a percentage or units. */
const shown = (figure: PartsFigure, value: number | null): string => {
  const kind = figureKind(figure);
  return kind === 'ratio' ? pct(value) : kind === 'money' && value !== null ? formatCny(value) : num(value);
};

/**
 * 备品备件统计: repair spend against the spend on parts stocked to a reserve quota, month by month,
 * with the quota accuracy ratio; the headline ratios and the stock now; every figure by month; and
 * the lots kept too long (积压库存).
 */
export function PartsReportPage({ query }: PageProps) {
  const period = usePeriod('parts', query);
  const apiQuery = { from: period.from, to: period.to };
  const state = useReport<PartsReport>(reportLinks.parts.api, apiQuery);
  const olderThanDays = olderThanDaysOf(query);
  return (
    <>
      <ReportFrame
        name="parts"
        query={query}
        period={period}
        apiQuery={apiQuery}
        state={state}
        isEmpty={partsEmpty}
        filters={
          <label>
            {t('partsReport.oldLot.olderThanDays')}
            <input
              key={`days-${olderThanDays}`}
              type="number"
              name="olderThanDays"
              min={1}
              max={3650}
              step={1}
              inputMode="numeric"
              defaultValue={String(olderThanDays)}
            />
          </label>
        }
      >
        {(report) => (
          <>
            <ReportView data={report} build={partsView} />
            <FiguresTable report={report} />
          </>
        )}
      </ReportFrame>
      <OldLots query={query} olderThanDays={olderThanDays} />
    </>
  );
}

/** Repair spend and in-quota spend as bars, the accuracy ratio as a line; headline figures. */
export function partsView(report: PartsReport, language: Language): ReportViewModel {
  const { total, stock } = report;
  const series = partsSeries(report);
  const labels = series.months.map((month) => monthLabel(month, language));
  const period = periodName(report);
  const { highest } = extremes(labels, series.repairSpend);

  const spend: ReportChartConfig = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: t('partsReport.figure.repairSpend'),
          data: series.repairSpend,
          backgroundColor: fill(palette.blue),
          yAxisID: 'y',
          order: 2,
        },
        {
          type: 'bar',
          label: t('partsReport.figure.quotaRepairSpend'),
          data: series.quotaRepairSpend,
          backgroundColor: fill(palette.orange, 'diagonal'),
          borderColor: palette.orange,
          borderWidth: 1.5,
          yAxisID: 'y',
          order: 2,
        },
        {
          type: 'line',
          label: t('partsReport.figure.accuracyRatio'),
          data: series.accuracyRatio,
          borderColor: palette.green,
          backgroundColor: palette.green,
          pointStyle: 'rectRot',
          pointRadius: 5,
          spanGaps: false,
          yAxisID: 'ratio',
          order: 1,
        },
      ],
    },
    options: {
      scales: {
        x: categoryAxis(),
        y: countAxis(t('reports.parts.axisCny')),
        ratio: percentAxis(t('reports.axis.percent'), 'right'),
      },
      plugins: {
        legend,
        tooltip: tooltip({ 0: formatCny, 1: formatCny, 2: (points) => pct(points / 100) }),
      },
    },
  };

  return {
    kpis: [
      { label: t('partsReport.figure.repairSpend'), value: formatCny(total.repairSpend), detail: period },
      { label: t('partsReport.figure.accuracyRatio'), value: pct(total.accuracyRatio) },
      { label: t('partsReport.figure.turnoverRatio'), value: pct(total.turnoverRatio) },
      { label: t('partsReport.figure.reuseRate'), value: pct(total.reuseRate) },
      { label: t('partsReport.stock.value'), value: formatCny(stock.value) },
      {
        label: t('partsReport.stock.belowLowQuota'),
        value: num(stock.belowLowQuota),
        detail: t('reports.parts.ofQuotaParts', { parts: num(stock.quotaParts) }),
      },
    ],
    charts: [
      {
        name: 'parts-spend',
        title: t('reports.parts.spendTitle'),
        note: t('reports.parts.spendNote'),
        summary:
          total.repairSpend > 0
            ? t('reports.parts.spendSummary', {
                period,
                spend: formatCny(total.repairSpend),
                quota: formatCny(total.quotaRepairSpend),
                outside: formatCny(outsideQuotaSpend(total)),
                accuracy: pct(total.accuracyRatio),
                highestMonth: highest?.label ?? '',
                highest: formatCny(highest?.value ?? 0),
              })
            : t('reports.parts.spendNone', { period }),
        config: spend,
        table: {
          caption: t('reports.parts.spendTitle'),
          columns: [
            t('reports.col.month'),
            t('partsReport.figure.repairSpend'),
            t('partsReport.figure.quotaRepairSpend'),
            t('partsReport.figure.accuracyRatio'),
          ],
          rows: report.months.map((m, i) => [
            labels[i] ?? m.month,
            formatCny(m.repairSpend),
            formatCny(m.quotaRepairSpend),
            pct(m.accuracyRatio),
          ]),
          total: [
            t('reports.col.total'),
            formatCny(total.repairSpend),
            formatCny(total.quotaRepairSpend),
            pct(total.accuracyRatio),
          ],
        },
      },
    ],
  };
}

/** Every figure (rows) by month (columns), the period's total last. */
function FiguresTable({ report }: { report: PartsReport }) {
  return (
    <section class="report-chart" aria-labelledby="parts-figures-title" data-testid="parts-figures">
      <h2 id="parts-figures-title">{t('reports.parts.figuresTitle')}</h2>
      <p class="report-note">
        {t('reports.parts.stockNow', {
          parts: num(report.stock.parts),
          value: formatCny(report.stock.value),
          toRepair: num(report.stock.toRepairUnits),
        })}
      </p>
      <DataTable
        caption={t('reports.parts.figuresCaption', { period: periodName(report) })}
        columns={[
          t('reports.parts.figure'),
          ...report.months.map((m) => monthName(m.month)),
          t('reports.col.total'),
        ]}
        rows={partsFigureOrder.map((figure) => [
          t(`partsReport.figure.${figure}`),
          ...report.months.map((m) => shown(figure, m[figure])),
          shown(figure, report.total[figure]),
        ])}
      />
    </section>
  );
}

/** 积压库存: lots in stock received more than `olderThanDays` ago, oldest first, a page at a time. */
function OldLots({ query, olderThanDays }: { query: URLSearchParams; olderThanDays: number }) {
  const cursor = query.get('lotsCursor') ?? undefined;
  const lots = useApi<Page<OldLot>>(routes.listOldLots.path, {
    olderThanDays,
    ...(cursor ? { cursor } : {}),
  });
  const items = lots.data?.items ?? [];
  return (
    <section class="panel" aria-labelledby="old-lots-title" data-testid="old-lots">
      <h2 id="old-lots-title">{t('partsReport.oldLots.title')}</h2>
      <p class="muted">{t('reports.parts.oldLotsLead', { days: olderThanDays })}</p>
      {lots.error ? <ErrorNotice error={lots.error} /> : null}
      {lots.loading && !lots.data ? <Loading /> : null}
      {lots.data && items.length === 0 ? (
        <p class="empty-state">{t('reports.parts.noOldLots', { days: olderThanDays })}</p>
      ) : null}
      {items.length > 0 ? (
        <table class="data compact" aria-busy={lots.loading}>
          <caption>{t('reports.parts.oldLotsCaption', { days: olderThanDays })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('partsReport.oldLot.partNumber')}</th>
              <th scope="col">{t('partsReport.oldLot.name')}</th>
              <th scope="col">{t('partsReport.oldLot.location')}</th>
              <th scope="col">{t('partsReport.oldLot.receivedOn')}</th>
              <th scope="col">{t('partsReport.oldLot.ageDays')}</th>
              <th scope="col">{t('partsReport.oldLot.quantity')}</th>
              <th scope="col">{t('partsReport.oldLot.unitCost')}</th>
              <th scope="col">{t('partsReport.oldLot.value')}</th>
              <th scope="col">{t('partsReport.oldLot.origin')}</th>
              <th scope="col">{t('partsReport.oldLot.supplier')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((lot) => (
              <tr key={lot.lotId}>
                <th scope="row">
                  <a href={href(`/parts/${lot.partNumber}`)}>{lot.partNumber}</a>
                </th>
                <td>{lot.name ?? ''}</td>
                <td>{lot.location ?? ''}</td>
                <td>{lot.receivedOn}</td>
                <td>{num(lot.ageDays)}</td>
                <td>
                  {num(lot.quantity)} {lot.unit ?? ''}
                </td>
                <td>{formatCny(lot.unitCost)}</td>
                <td>{formatCny(lot.value)}</td>
                <td>{label('parts.origin', lot.origin)}</td>
                <td>{lot.supplier ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {cursor || lots.data?.nextCursor ? (
        <nav class="pager" aria-label={t('reports.parts.oldLotsPaging')}>
          {cursor ? (
            <a href={reportHref('parts', query, { lotsCursor: undefined })}>{t('console.list.first')}</a>
          ) : null}
          {lots.data?.nextCursor ? (
            <a href={reportHref('parts', query, { lotsCursor: lots.data.nextCursor })}>
              {t('console.list.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
