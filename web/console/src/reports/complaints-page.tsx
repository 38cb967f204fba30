import type { Language } from '../../../../shared/i18n/translate.ts';
import { t } from '../i18n.ts';
import type { PageProps } from '../page.ts';
import { fill, palette, type ReportChartConfig, referenceLine } from './chart.tsx';
import { categoryAxis, countAxis, legend, percentAxis, shareDoughnut, tooltip } from './chart-options.ts';
import { num, pct, periodName } from './format.ts';
import { ReportFrame, usePeriod } from './frame.tsx';
import { reportLinks } from './report-nav.ts';
import { ReportView, type ReportViewModel } from './report-view.tsx';
import { complaintSeries, complaintsEmpty, extremes, monthLabel, ON_TIME_TARGET } from './series.ts';
import type { ComplaintReport } from './types.ts';
import { useReport } from './use-report.ts';

/** 投诉统计: received, on-time replies against the 2-working-day rule, responsibility, time to close, CAPA. */
export function ComplaintsPage({ query }: PageProps) {
  const period = usePeriod('complaints', query);
  const apiQuery = { from: period.from, to: period.to };
  const state = useReport<ComplaintReport>(reportLinks.complaints.api, apiQuery);
  return (
    <ReportFrame
      name="complaints"
      query={query}
      period={period}
      apiQuery={apiQuery}
      state={state}
      isEmpty={complaintsEmpty}
    >
      {(report) => <ReportView data={report} build={complaintView} />}
    </ReportFrame>
  );
}

/** The complaint report's headline figures and charts. */
export function complaintView(report: ComplaintReport, language: Language): ReportViewModel {
  const { total } = report;
  const series = complaintSeries(report);
  const labels = series.months.map((month) => monthLabel(month, language));
  const period = periodName(report);
  const monthRows = (row: (m: ComplaintReport['months'][number]) => string[]) =>
    report.months.map((m, i) => [labels[i] ?? m.month, ...row(m)]);
  const { lowest } = extremes(labels, series.onTimeRate);
  const split = series.responsibility;
  const closingLabels = [
    t('report.closeTime.within7Days'),
    t('report.closeTime.within30Days'),
    t('report.closeTime.within90Days'),
    t('report.closeTime.over90Days'),
  ];

  const onTimeRate: ReportChartConfig = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: t('reports.complaints.onTimeRate'),
          data: series.onTimeRate,
          backgroundColor: fill(palette.blue),
          order: 1,
        },
        referenceLine(t('reports.complaints.target'), ON_TIME_TARGET, labels.length),
      ],
    },
    options: {
      scales: { x: categoryAxis(), y: percentAxis(t('reports.axis.percent')) },
      plugins: { legend, tooltip: tooltip({ 0: (v) => pct(v / 100), 1: (v) => pct(v / 100, 0) }) },
    },
  };

  const replies: ReportChartConfig = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          label: t('reports.complaints.repliesOnTime'),
          data: series.onTime,
          backgroundColor: fill(palette.blue),
          stack: 'replies',
        },
        {
          label: t('reports.complaints.repliesLate'),
          data: series.late,
          backgroundColor: fill(palette.orange, 'diagonal'),
          borderColor: palette.orange,
          borderWidth: 1.5,
          stack: 'replies',
        },
        {
          // Its own stack: a breached complaint is counted late again once answered.
          label: t('reports.complaints.breaches'),
          data: series.breaches,
          backgroundColor: fill(palette.red, 'cross'),
          borderColor: palette.red,
          borderWidth: 1.5,
          stack: 'breaches',
        },
      ],
    },
    options: {
      scales: { x: categoryAxis(true), y: { ...countAxis(t('reports.axis.complaints')), stacked: true } },
      plugins: { legend, tooltip: tooltip() },
    },
  };

  const responsibility = shareDoughnut([
    {
      label: t('report.responsibility.customer'),
      count: split.customer,
      share: split.customerShare,
      fill: fill(palette.teal),
      border: '#ffffff',
    },
    {
      label: t('report.responsibility.internal'),
      count: split.internal,
      share: split.internalShare,
      fill: fill(palette.purple, 'diagonal'),
      border: palette.purple,
    },
  ]);

  const closing: ReportChartConfig = {
    type: 'bar',
    data: {
      labels: closingLabels,
      datasets: [
        {
          label: t('reports.complaints.closed'),
          data: series.closingBuckets,
          // Later buckets warmer and hatched more densely: the order reads without colour.
          backgroundColor: [
            fill(palette.green),
            fill(palette.blue),
            fill(palette.orange, 'diagonal'),
            fill(palette.red, 'cross'),
          ],
          borderColor: [palette.green, palette.blue, palette.orange, palette.red],
          borderWidth: 1.5,
        },
      ],
    },
    options: {
      scales: { x: categoryAxis(), y: countAxis(t('reports.axis.complaints')) },
      plugins: { legend: { display: false }, tooltip: tooltip() },
    },
  };

  const capa: ReportChartConfig = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: t('reports.complaints.capaEffective'),
          data: series.capaEffective,
          backgroundColor: fill(palette.blue),
          yAxisID: 'y',
          order: 2,
        },
        {
          type: 'bar',
          label: t('reports.complaints.capaFirstTime'),
          data: series.capaFirstTimeEffective,
          backgroundColor: fill(palette.green, 'diagonal'),
          borderColor: palette.green,
          borderWidth: 1.5,
          yAxisID: 'y',
          order: 2,
        },
        {
          type: 'line',
          label: t('reports.complaints.averageRounds'),
          data: series.capaAverageRounds,
          borderColor: palette.reference,
          backgroundColor: 'rgba(0, 0, 0, 0)', // the legend shows a dotted outline, like the line
          pointBackgroundColor: palette.reference,
          borderDash: [2, 3],
          pointStyle: 'rectRot',
          pointRadius: 5,
          yAxisID: 'rounds',
          order: 1,
        },
      ],
    },
    options: {
      scales: {
        x: categoryAxis(),
        y: countAxis(t('reports.axis.capas')),
        rounds: { ...countAxis(t('reports.axis.rounds'), 'right'), ticks: { precision: 1 }, suggestedMax: 3 },
      },
      plugins: { legend, tooltip: tooltip({ 2: (v) => num(v, 2) }) },
    },
  };

  return {
    kpis: [
      { label: t('reports.complaints.received'), value: num(total.received), detail: period },
      {
        label: t('reports.complaints.onTimeRate'),
        value: pct(total.replies.onTimeRate),
        detail: t('reports.complaints.onTimeDetail', {
          onTime: num(total.replies.onTime),
          replies: num(total.replies.onTime + total.replies.late),
          target: pct(ON_TIME_TARGET / 100, 0),
        }),
      },
      {
        label: t('reports.complaints.averageDays'),
        value:
          total.closing.averageDays === null
            ? num(null)
            : t('reports.unit.days', { days: num(total.closing.averageDays, 1) }),
        detail: t('reports.complaints.closedDetail', { closed: num(total.closing.closed) }),
      },
      {
        label: t('reports.complaints.firstTimeRate'),
        value: pct(total.capa.firstTimeEffectiveRate),
        detail: t('reports.complaints.firstTimeDetail', {
          firstTime: num(total.capa.firstTimeEffective),
          effective: num(total.capa.effective),
          rounds: num(total.capa.averageRounds, 2),
        }),
      },
    ],
    charts: [
      {
        name: 'on-time-rate',
        title: t('reports.complaints.onTimeTitle'),
        summary:
          total.replies.onTimeRate === null
            ? t('reports.complaints.onTimeNone', { period })
            : t('reports.complaints.onTimeSummary', {
                period,
                rate: pct(total.replies.onTimeRate),
                lowestMonth: lowest?.label ?? '',
                lowest: pct((lowest?.value ?? 0) / 100),
                target: pct(ON_TIME_TARGET / 100, 0),
              }),
        config: onTimeRate,
        table: {
          caption: t('reports.complaints.onTimeTitle'),
          columns: [
            t('reports.col.month'),
            t('reports.complaints.repliesOnTime'),
            t('reports.complaints.repliesLate'),
            t('reports.complaints.onTimeRate'),
          ],
          rows: monthRows((m) => [num(m.replies.onTime), num(m.replies.late), pct(m.replies.onTimeRate)]),
          total: [
            t('reports.col.total'),
            num(total.replies.onTime),
            num(total.replies.late),
            pct(total.replies.onTimeRate),
          ],
        },
      },
      {
        name: 'replies',
        title: t('reports.complaints.repliesTitle'),
        note: t('reports.complaints.repliesNote'),
        summary: t('reports.complaints.repliesSummary', {
          period,
          onTime: num(total.replies.onTime),
          late: num(total.replies.late),
          breaches: num(total.replies.breaches),
          extensions: num(total.replies.extensions),
        }),
        config: replies,
        table: {
          caption: t('reports.complaints.repliesTitle'),
          columns: [
            t('reports.col.month'),
            t('reports.complaints.received'),
            t('reports.complaints.repliesOnTime'),
            t('reports.complaints.repliesLate'),
            t('reports.complaints.breaches'),
            t('reports.complaints.extensions'),
          ],
          rows: monthRows((m) => [
            num(m.received),
            num(m.replies.onTime),
            num(m.replies.late),
            num(m.replies.breaches),
            num(m.replies.extensions),
          ]),
          total: [
            t('reports.col.total'),
            num(total.received),
            num(total.replies.onTime),
            num(total.replies.late),
            num(total.replies.breaches),
            num(total.replies.extensions),
          ],
        },
      },
      {
        name: 'responsibility',
        title: t('reports.complaints.responsibilityTitle'),
        summary: t('reports.complaints.responsibilitySummary', {
          customer: num(split.customer),
          customerShare: pct(split.customerShare),
          internal: num(split.internal),
          internalShare: pct(split.internalShare),
          undecided: num(split.undecided),
        }),
        config: responsibility,
        table: {
          caption: t('reports.complaints.responsibilityTitle'),
          columns: [t('reports.col.responsibility'), t('reports.col.count'), t('reports.col.share')],
          rows: [
            [t('report.responsibility.customer'), num(split.customer), pct(split.customerShare)],
            [t('report.responsibility.internal'), num(split.internal), pct(split.internalShare)],
            [t('reports.complaints.undecided'), num(split.undecided), ''],
          ],
        },
      },
      {
        name: 'time-to-close',
        title: t('reports.complaints.closingTitle'),
        summary: t('reports.complaints.closingSummary', {
          closed: num(total.closing.closed),
          days: num(total.closing.averageDays, 1),
          within7: pct(series.closingShares[0] ?? null),
          over90: num(total.closing.over90Days),
        }),
        config: closing,
        table: {
          caption: t('reports.complaints.closingTitle'),
          columns: [t('reports.col.timeToClose'), t('reports.col.count'), t('reports.col.share')],
          rows: closingLabels.map((bucket, i) => [
            bucket,
            num(series.closingBuckets[i]),
            pct(series.closingShares[i] ?? null),
          ]),
          total: [t('reports.col.total'), num(total.closing.closed), ''],
        },
      },
      {
        name: 'capa',
        title: t('reports.complaints.capaTitle'),
        summary: t('reports.complaints.capaSummary', {
          requested: num(total.capa.requested),
          effective: num(total.capa.effective),
          firstTime: num(total.capa.firstTimeEffective),
          rate: pct(total.capa.firstTimeEffectiveRate),
          rounds: num(total.capa.averageRounds, 2),
          ineffective: num(total.capa.ineffectiveRounds),
        }),
        config: capa,
        table: {
          caption: t('reports.complaints.capaTitle'),
          columns: [
            t('reports.col.month'),
            t('reports.complaints.capaRequested'),
            t('reports.complaints.capaEffective'),
            t('reports.complaints.capaFirstTime'),
            t('reports.complaints.averageRounds'),
            t('reports.complaints.ineffectiveRounds'),
          ],
          rows: monthRows((m) => [
            num(m.capa.requested),
            num(m.capa.effective),
            num(m.capa.firstTimeEffective),
            num(m.capa.averageRounds, 2),
            num(m.capa.ineffectiveRounds),
          ]),
          total: [
            t('reports.col.total'),
            num(total.capa.requested),
            num(total.capa.effective),
            num(total.capa.firstTimeEffective),
            num(total.capa.averageRounds, 2),
            num(total.capa.ineffectiveRounds),
          ],
        },
      },
    ],
  };
}
