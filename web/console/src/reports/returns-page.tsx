import type { Language } from '../../../../shared/i18n/translate.ts';
import { t } from '../i18n.ts';
import type { PageProps } from '../page.ts';
import { fill, palette, type ReportChartConfig, referenceLine } from './chart.tsx';
import { categoryAxis, countAxis, legend, percentAxis, tooltip } from './chart-options.ts';
import { num, pct, periodName } from './format.ts';
import { ReportFrame, usePeriod } from './frame.tsx';
import { reportLinks } from './report-nav.ts';
import { ReportView, type ReportViewModel } from './report-view.tsx';
import { extremes, monthLabel, returnsEmpty, returnsSeries } from './series.ts';
import type { ReturnsReport } from './types.ts';
import { useReport } from './use-report.ts';

/** 退货率: units returned against units delivered, month by month. */
export function ReturnsPage({ query }: PageProps) {
  const period = usePeriod('returns', query);
  const apiQuery = { from: period.from, to: period.to };
  const state = useReport<ReturnsReport>(reportLinks.returns.api, apiQuery);
  return (
    <ReportFrame
      name="returns"
      query={query}
      period={period}
      apiQuery={apiQuery}
      state={state}
      isEmpty={returnsEmpty}
    >
      {(report) => <ReportView data={report} build={returnsView} />}
    </ReportFrame>
  );
}

/** The returns rate: the rate line against the period's rate, and the units behind it. */
export function returnsView(report: ReturnsReport, language: Language): ReportViewModel {
  const { total } = report;
  const series = returnsSeries(report);
  const labels = series.months.map((month) => monthLabel(month, language));
  const period = periodName(report);
  const { highest } = extremes(labels, series.returnRate);
  const ratePct = (points: number) => pct(points / 100, 2);

  const rate: ReportChartConfig = {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          type: 'line',
          label: t('reports.returns.rate'),
          data: series.returnRate,
          borderColor: palette.red,
          backgroundColor: palette.red,
          pointStyle: 'circle',
          pointRadius: 4,
          spanGaps: false,
          order: 1,
        },
        ...(series.averageRate === null
          ? []
          : [referenceLine(t('reports.returns.periodRate'), series.averageRate, labels.length)]),
      ],
    },
    options: {
      scales: { x: categoryAxis(), y: percentAxis(t('reports.axis.percent'), 'left', undefined, 1) },
      plugins: { legend, tooltip: tooltip({ 0: ratePct, 1: ratePct }) },
    },
  };

  const units: ReportChartConfig = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: t('reports.returns.deliveredUnits'),
          data: series.deliveredUnits,
          backgroundColor: fill(palette.blue),
          yAxisID: 'y',
        },
        {
          type: 'bar',
          label: t('reports.returns.returnedUnitsRight'),
          data: series.returnedUnits,
          backgroundColor: fill(palette.orange, 'diagonal'),
          borderColor: palette.orange,
          borderWidth: 1.5,
          yAxisID: 'returned',
        },
      ],
    },
    options: {
      scales: {
        x: categoryAxis(),
        y: countAxis(t('reports.returns.deliveredUnits')),
        returned: countAxis(t('reports.returns.returnedUnits'), 'right'),
      },
      plugins: { legend, tooltip: tooltip() },
    },
  };

  const table = {
    columns: [
      t('reports.col.month'),
      t('reports.returns.deliveredUnits'),
      t('reports.returns.requests'),
      t('reports.returns.returnedUnits'),
      t('reports.returns.rate'),
    ],
    rows: report.months.map((m, i) => [
      labels[i] ?? m.month,
      num(m.deliveredUnits),
      num(m.returns),
      num(m.returnedUnits),
      pct(m.returnRate, 2),
    ]),
    total: [
      t('reports.col.total'),
      num(total.deliveredUnits),
      num(total.returns),
      num(total.returnedUnits),
      pct(total.returnRate, 2),
    ],
  };

  return {
    kpis: [
      { label: t('reports.returns.rate'), value: pct(total.returnRate, 2), detail: period },
      { label: t('reports.returns.returnedUnits'), value: num(total.returnedUnits) },
      { label: t('reports.returns.deliveredUnits'), value: num(total.deliveredUnits) },
      { label: t('reports.returns.requests'), value: num(total.returns) },
    ],
    charts: [
      {
        name: 'return-rate',
        title: t('reports.returns.rateTitle'),
        summary:
          total.returnRate === null
            ? t('reports.returns.rateNone', { period })
            : t('reports.returns.rateSummary', {
                period,
                rate: pct(total.returnRate, 2),
                highestMonth: highest?.label ?? '',
                highest: pct((highest?.value ?? 0) / 100, 2),
              }),
        config: rate,
        table: { caption: t('reports.returns.rateTitle'), ...table },
      },
      {
        name: 'returned-units',
        title: t('reports.returns.unitsTitle'),
        note: t('reports.returns.unitsNote'),
        summary: t('reports.returns.unitsSummary', {
          period,
          delivered: num(total.deliveredUnits),
          returned: num(total.returnedUnits),
          requests: num(total.returns),
        }),
        config: units,
        table: { caption: t('reports.returns.unitsTitle'), ...table },
      },
    ],
  };
}
