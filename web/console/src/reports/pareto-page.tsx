import type { Language } from '../../../../shared/i18n/translate.ts';
import { paretoDimensions } from '../../../../shared/schemas/reports.ts';
import { t } from '../i18n.ts';
import type { PageProps } from '../page.ts';
import { fill, palette, type ReportChartConfig, referenceLine } from './chart.tsx';
import { categoryAxis, countAxis, legend, percentAxis, tooltip } from './chart-options.ts';
import { keyLabel, num, pct, periodName } from './format.ts';
import { ReportFrame, usePeriod } from './frame.tsx';
import { reportLinks } from './report-nav.ts';
import { ReportView, type ReportViewModel } from './report-view.tsx';
import { PARETO_CUT, paretoBars, paretoEmpty, paretoOptionsOf, vitalFew } from './series.ts';
import type { ParetoReport } from './types.ts';
import { useReport } from './use-report.ts';

/** 排列图: complaints by cause, product category, batch or factory, largest first, with the running share. */
export function ParetoPage({ query }: PageProps) {
  const period = usePeriod('pareto', query);
  const { by, limit } = paretoOptionsOf(query);
  const apiQuery = { from: period.from, to: period.to, by, limit };
  const state = useReport<ParetoReport>(reportLinks.pareto.api, apiQuery);
  const filters = (
    <>
      <label>
        {t('reports.pareto.by')}
        <select name="by" value={by}>
          {paretoDimensions.map((dimension) => (
            <option key={dimension} value={dimension}>
              {t(`report.dimension.${dimension}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('reports.pareto.limit')}
        <input
          key={`limit-${limit}`}
          type="number"
          name="limit"
          min={1}
          max={100}
          step={1}
          defaultValue={String(limit)}
        />
      </label>
    </>
  );
  return (
    <ReportFrame
      name="pareto"
      query={query}
      period={period}
      filters={filters}
      apiQuery={apiQuery}
      fileSuffix={`-${by}`}
      state={state}
      isEmpty={paretoEmpty}
    >
      {(report) => <ReportView data={report} build={paretoView} />}
    </ReportFrame>
  );
}

/** The Pareto chart: bars largest first (the vital few solid), the running share and the 80% line. */
export function paretoView(report: ParetoReport, language: Language): ReportViewModel {
  const bars = paretoBars(report);
  const labels = bars.map((bar) => (bar.others ? t('reports.pareto.others') : keyLabel(report.by, bar.key)));
  const vital = vitalFew(bars);
  const dimension = t(`report.dimension.${report.by}`);
  const separator = language === 'en' ? ', ' : '、';
  const named = labels.slice(0, Math.min(vital.keys, 6));
  const vitalNames = (vital.keys > named.length ? [...named, '…'] : named).join(separator);
  const top = bars[0];

  const config: ReportChartConfig = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: t('reports.pareto.vitalFew'),
          data: bars.map((bar) => (bar.vital ? bar.count : null)),
          backgroundColor: fill(palette.blue),
          grouped: false,
          yAxisID: 'y',
          order: 3,
        },
        {
          type: 'bar',
          label: t('reports.pareto.usefulMany'),
          data: bars.map((bar) => (bar.vital ? null : bar.count)),
          backgroundColor: fill(palette.grey, 'diagonal'),
          borderColor: palette.grey,
          borderWidth: 1.5,
          grouped: false,
          yAxisID: 'y',
          order: 3,
        },
        {
          type: 'line',
          label: t('reports.pareto.cumulative'),
          data: bars.map((bar) => Math.round(bar.cumulativeShare * 1000) / 10),
          borderColor: palette.orange,
          backgroundColor: palette.orange,
          pointStyle: 'circle',
          pointRadius: 4,
          yAxisID: 'share',
          order: 1,
        },
        referenceLine(
          t('reports.pareto.cut', { cut: pct(PARETO_CUT, 0) }),
          PARETO_CUT * 100,
          labels.length,
          'share',
        ),
      ],
    },
    options: {
      scales: {
        x: { ...categoryAxis(), ticks: { autoSkip: false, maxRotation: 45 } },
        y: countAxis(t('reports.axis.complaints')),
        share: percentAxis(t('reports.pareto.cumulative'), 'right'),
      },
      plugins: {
        legend,
        tooltip: tooltip({ 2: (v) => pct(v / 100), 3: (v) => pct(v / 100, 0) }),
      },
    },
  };

  return {
    kpis: [
      { label: t('reports.pareto.total'), value: num(report.total), detail: periodName(report) },
      {
        label: t('reports.pareto.vitalFew'),
        value: t('reports.pareto.keys', { keys: num(vital.keys) }),
        detail: t('reports.pareto.vitalDetail', { share: pct(vital.share), cut: pct(PARETO_CUT, 0) }),
      },
      ...(top
        ? [
            {
              label: t('reports.pareto.top', { dimension }),
              value: labels[0] ?? top.key,
              detail: t('reports.pareto.topDetail', { count: num(top.count), share: pct(top.share) }),
            },
          ]
        : []),
    ],
    charts: [
      {
        name: 'pareto',
        title: t('reports.pareto.chartTitle', { dimension }),
        ...(report.others > 0
          ? {
              note: t('reports.pareto.othersNote', {
                count: num(report.others),
                limit: num(report.items.length),
              }),
            }
          : {}),
        summary: t('reports.pareto.summary', {
          dimension,
          period: periodName(report),
          total: num(report.total),
          keys: num(vital.keys),
          share: pct(vital.share),
          names: vitalNames,
        }),
        config,
        table: {
          caption: t('reports.pareto.chartTitle', { dimension }),
          columns: [
            dimension,
            t('reports.col.count'),
            t('reports.col.share'),
            t('reports.pareto.cumulative'),
            t('reports.pareto.vitalFew'),
          ],
          rows: bars.map((bar, i) => [
            labels[i] ?? bar.key,
            num(bar.count),
            pct(bar.share),
            pct(bar.cumulativeShare),
            bar.vital ? t('reports.yes') : t('reports.no'),
          ]),
          total: [t('reports.col.total'), num(report.total), pct(report.total > 0 ? 1 : null), '', ''],
        },
      },
    ],
  };
}
