import type { Language } from '../../../../shared/i18n/translate.ts';
import type { Office } from '../../../../shared/schemas/customers.ts';
import { t } from '../i18n.ts';
import type { PageProps } from '../page.ts';
import { BarCell } from './bar-cell.tsx';
import { fill, palette, type ReportChartConfig, referenceLine } from './chart.tsx';
import { categoryAxis, countAxis, legend, type ShareSlice, shareDoughnut, tooltip } from './chart-options.ts';
import { keyLabel, monthName, num, pct, periodName, signed } from './format.ts';
import { ReportFrame, usePeriod } from './frame.tsx';
import { reportLinks } from './report-nav.ts';
import { ReportView, type ReportViewModel } from './report-view.tsx';
import {
  CSAT_SCORES,
  extremes,
  groupingOf,
  monthLabel,
  satisfactionEmpty,
  satisfactionSeries,
} from './series.ts';
import type { SatisfactionGrouping, SatisfactionReport } from './types.ts';
import { problemText, type ReportState, useReport } from './use-report.ts';

const groupings: readonly SatisfactionGrouping[] = ['month', 'office', 'category', 'tier'];

/** 满意度: CSAT and NPS month by month, the CSAT scores and NPS bands, and a table by month, office, category or tier. */
export function SatisfactionPage({ query }: PageProps) {
  const period = usePeriod('satisfaction', query);
  const groupBy = groupingOf(query);
  const api = reportLinks.satisfaction.api;
  // The trends always by month; the table by the chosen grouping (the same report when by month).
  const trends = useReport<SatisfactionReport>(api, { from: period.from, to: period.to, groupBy: 'month' });
  const grouped = useReport<SatisfactionReport>(
    api,
    groupBy === 'month' ? undefined : { from: period.from, to: period.to, groupBy },
  );
  const offices = useReport<{ items: Office[] }>('/v1/offices', groupBy === 'office' ? {} : undefined);
  const officeNames = new Map(
    offices.status === 'ready' ? offices.data.items.map((office) => [office.id, office.name]) : [],
  );
  const filters = (
    <label>
      {t('reports.satisfaction.groupBy')}
      <select name="groupBy" value={groupBy}>
        {groupings.map((grouping) => (
          <option key={grouping} value={grouping}>
            {t(`reports.satisfaction.by.${grouping}`)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <ReportFrame
      name="satisfaction"
      query={query}
      period={period}
      filters={filters}
      apiQuery={{ from: period.from, to: period.to, groupBy }}
      fileSuffix={`-${groupBy}`}
      state={trends}
      isEmpty={satisfactionEmpty}
    >
      {(report) => (
        <>
          <ReportView data={report} build={satisfactionView} />
          <GroupTable
            grouping={groupBy}
            state={groupBy === 'month' ? { status: 'ready', data: report } : grouped}
            officeNames={officeNames}
          />
        </>
      )}
    </ReportFrame>
  );
}

/** The satisfaction table by the chosen grouping, with bars in the CSAT and response-rate cells. */
function GroupTable({
  grouping,
  state,
  officeNames,
}: {
  grouping: SatisfactionGrouping;
  state: ReportState<SatisfactionReport>;
  officeNames: ReadonlyMap<string, string>;
}) {
  const title = t('reports.satisfaction.tableTitle', { grouping: t(`reports.satisfaction.by.${grouping}`) });
  const name = (key: string) =>
    grouping === 'month' ? monthName(key) : keyLabel(grouping, key, officeNames);
  return (
    <section class="report-group" data-testid="table-satisfaction" aria-labelledby="satisfaction-table-title">
      <h2 id="satisfaction-table-title">{title}</h2>
      {state.status === 'loading' && <p role="status">{t('reports.state.loading')}</p>}
      {state.status === 'error' && <p role="alert">{problemText(state.error)}</p>}
      {state.status === 'ready' &&
        (state.data.groups.length === 0 ? (
          <p role="status">{t('reports.state.empty')}</p>
        ) : (
          <div class="report-table-wrap">
            <table class="report-table">
              <caption class="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`reports.satisfaction.by.${grouping}`)}</th>
                  <th scope="col">{t('reports.satisfaction.csatAnswered')}</th>
                  <th scope="col">{t('reports.satisfaction.csatAverage')}</th>
                  <th scope="col">{t('reports.satisfaction.csatResponseRate')}</th>
                  <th scope="col">{t('reports.satisfaction.npsAnswered')}</th>
                  <th scope="col">{t('reports.satisfaction.nps')}</th>
                  <th scope="col">{t('reports.satisfaction.npsBandsColumn')}</th>
                  <th scope="col">{t('reports.satisfaction.npsResponseRate')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.groups.map((group) => (
                  <tr key={group.key}>
                    <th scope="row">{name(group.key)}</th>
                    <FigureCells figures={group} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('reports.col.total')}</th>
                  <FigureCells figures={state.data.total} />
                </tr>
              </tfoot>
            </table>
          </div>
        ))}
    </section>
  );
}

function FigureCells({ figures }: { figures: SatisfactionReport['total'] }) {
  const { csat, nps } = figures;
  return (
    <>
      <td>{num(csat.answered)}</td>
      <td>
        <BarCell text={num(csat.average, 2)} value={csat.average} max={5} />
      </td>
      <td>
        <BarCell text={pct(csat.responseRate)} value={csat.responseRate} />
      </td>
      <td>{num(nps.answered)}</td>
      <td>{signed(nps.score)}</td>
      <td>
        {t('reports.satisfaction.npsBandsCell', {
          promoters: num(nps.promoters),
          passives: num(nps.passives),
          detractors: num(nps.detractors),
        })}
      </td>
      <td>
        <BarCell text={pct(nps.responseRate)} value={nps.responseRate} />
      </td>
    </>
  );
}

/** CSAT and NPS trends by month, the CSAT scores given and the NPS bands. */
export function satisfactionView(report: SatisfactionReport, language: Language): ReportViewModel {
  const { csat, nps } = report.total;
  const series = satisfactionSeries(report);
  const labels = series.months.map((month) => monthLabel(month, language));
  const period = periodName(report);
  const csatExtremes = extremes(labels, series.csatAverage);
  const npsExtremes = extremes(labels, series.npsScore);
  const scoreLabels = CSAT_SCORES.map((score) => t('reports.satisfaction.score', { score }));
  const bands = series.npsBands;
  const monthRows = (row: (group: SatisfactionReport['groups'][number]) => string[]) =>
    report.groups.map((group, i) => [labels[i] ?? group.key, ...row(group)]);

  const csatTrend: ReportChartConfig = {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          type: 'line',
          label: t('reports.satisfaction.csatAverage'),
          data: series.csatAverage,
          borderColor: palette.blue,
          backgroundColor: palette.blue,
          pointStyle: 'circle',
          pointRadius: 4,
        },
      ],
    },
    options: {
      scales: {
        x: categoryAxis(),
        y: {
          type: 'linear',
          min: 1,
          max: 5,
          title: { display: true, text: t('reports.satisfaction.csatAxis') },
          ticks: { stepSize: 1, callback: (value) => num(Number(value), 1) },
        },
      },
      plugins: { legend, tooltip: tooltip({ 0: (v) => num(v, 2) }) },
    },
  };

  const npsTrend: ReportChartConfig = {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          type: 'line',
          label: t('reports.satisfaction.nps'),
          data: series.npsScore,
          borderColor: palette.purple,
          backgroundColor: palette.purple,
          pointStyle: 'rectRot',
          pointRadius: 5,
          order: 1,
        },
        referenceLine(t('reports.satisfaction.npsZero'), 0, labels.length),
      ],
    },
    options: {
      scales: {
        x: categoryAxis(),
        y: {
          type: 'linear',
          min: -100,
          max: 100,
          title: { display: true, text: t('reports.satisfaction.npsAxis') },
          ticks: { stepSize: 50, callback: (value) => signed(Number(value), 0) },
        },
      },
      plugins: { legend, tooltip: tooltip({ 0: (v) => signed(v), 1: (v) => signed(v, 0) }) },
    },
  };

  const distribution: ReportChartConfig = {
    type: 'bar',
    data: {
      labels: scoreLabels,
      datasets: [
        {
          label: t('reports.satisfaction.answers'),
          data: series.csatDistribution,
          // Low scores red and cross-hatched, the middle grey dotted, high scores green: readable without colour.
          backgroundColor: [
            fill(palette.red, 'cross'),
            fill(palette.red, 'diagonal'),
            fill(palette.grey, 'dots'),
            fill(palette.green, 'diagonal'),
            fill(palette.green),
          ],
          borderColor: [palette.red, palette.red, palette.grey, palette.green, palette.green],
          borderWidth: 1.5,
        },
      ],
    },
    options: {
      scales: { x: categoryAxis(), y: countAxis(t('reports.satisfaction.answers')) },
      plugins: { legend: { display: false }, tooltip: tooltip() },
    },
  };

  const bandSlices: ShareSlice[] = [
    {
      label: t('reports.satisfaction.promoters'),
      count: bands.promoters,
      share: bands.promoterShare,
      fill: fill(palette.green),
      border: '#ffffff',
    },
    {
      label: t('reports.satisfaction.passives'),
      count: bands.passives,
      share: bands.passiveShare,
      fill: fill(palette.grey, 'dots'),
      border: palette.grey,
    },
    {
      label: t('reports.satisfaction.detractors'),
      count: bands.detractors,
      share: bands.detractorShare,
      fill: fill(palette.red, 'cross'),
      border: palette.red,
    },
  ];
  const npsBands = shareDoughnut(bandSlices);

  return {
    ...(report.office ? { note: t('reports.satisfaction.officeOnly', { office: report.office }) } : {}),
    kpis: [
      {
        label: t('reports.satisfaction.csatAverage'),
        value:
          csat.average === null
            ? num(null)
            : t('reports.satisfaction.outOf5', { score: num(csat.average, 2) }),
        detail: t('reports.satisfaction.answeredDetail', {
          answered: num(csat.answered),
          sent: num(csat.sent),
          rate: pct(csat.responseRate),
        }),
      },
      {
        label: t('reports.satisfaction.nps'),
        value: signed(nps.score),
        detail: t('reports.satisfaction.answeredDetail', {
          answered: num(nps.answered),
          sent: num(nps.sent),
          rate: pct(nps.responseRate),
        }),
      },
      {
        label: t('reports.satisfaction.promoters'),
        value: pct(bands.promoterShare),
        detail: t('reports.satisfaction.detractorsDetail', { share: pct(bands.detractorShare) }),
      },
    ],
    charts: [
      {
        name: 'csat-trend',
        title: t('reports.satisfaction.csatTrendTitle'),
        summary:
          csat.average === null
            ? t('reports.satisfaction.csatNone', { period })
            : t('reports.satisfaction.csatTrendSummary', {
                period,
                average: num(csat.average, 2),
                lowestMonth: csatExtremes.lowest?.label ?? '',
                lowest: num(csatExtremes.lowest?.value, 2),
                highestMonth: csatExtremes.highest?.label ?? '',
                highest: num(csatExtremes.highest?.value, 2),
              }),
        config: csatTrend,
        table: {
          caption: t('reports.satisfaction.csatTrendTitle'),
          columns: [
            t('reports.col.month'),
            t('reports.satisfaction.csatAnswered'),
            t('reports.satisfaction.csatAverage'),
            t('reports.satisfaction.csatResponseRate'),
          ],
          rows: monthRows((g) => [num(g.csat.answered), num(g.csat.average, 2), pct(g.csat.responseRate)]),
          total: [t('reports.col.total'), num(csat.answered), num(csat.average, 2), pct(csat.responseRate)],
        },
      },
      {
        name: 'nps-trend',
        title: t('reports.satisfaction.npsTrendTitle'),
        summary:
          nps.score === null
            ? t('reports.satisfaction.npsNone', { period })
            : t('reports.satisfaction.npsTrendSummary', {
                period,
                score: signed(nps.score),
                lowestMonth: npsExtremes.lowest?.label ?? '',
                lowest: signed(npsExtremes.lowest?.value),
                highestMonth: npsExtremes.highest?.label ?? '',
                highest: signed(npsExtremes.highest?.value),
              }),
        config: npsTrend,
        table: {
          caption: t('reports.satisfaction.npsTrendTitle'),
          columns: [
            t('reports.col.month'),
            t('reports.satisfaction.npsAnswered'),
            t('reports.satisfaction.promoters'),
            t('reports.satisfaction.passives'),
            t('reports.satisfaction.detractors'),
            t('reports.satisfaction.nps'),
          ],
          rows: monthRows((g) => [
            num(g.nps.answered),
            num(g.nps.promoters),
            num(g.nps.passives),
            num(g.nps.detractors),
            signed(g.nps.score),
          ]),
          total: [
            t('reports.col.total'),
            num(nps.answered),
            num(nps.promoters),
            num(nps.passives),
            num(nps.detractors),
            signed(nps.score),
          ],
        },
      },
      {
        name: 'csat-distribution',
        title: t('reports.satisfaction.distributionTitle'),
        summary: t('reports.satisfaction.distributionSummary', {
          answered: num(csat.answered),
          high: pct(csat.answered > 0 ? (csat.distribution[4] + csat.distribution[5]) / csat.answered : null),
          low: pct(csat.answered > 0 ? (csat.distribution[1] + csat.distribution[2]) / csat.answered : null),
        }),
        config: distribution,
        table: {
          caption: t('reports.satisfaction.distributionTitle'),
          columns: [t('reports.satisfaction.scoreColumn'), t('reports.col.count'), t('reports.col.share')],
          rows: scoreLabels.map((score, i) => [
            score,
            num(series.csatDistribution[i]),
            pct(series.csatDistributionShares[i] ?? null),
          ]),
          total: [t('reports.col.total'), num(csat.answered), ''],
        },
      },
      {
        name: 'nps-bands',
        title: t('reports.satisfaction.bandsTitle'),
        summary: t('reports.satisfaction.bandsSummary', {
          promoters: pct(bands.promoterShare),
          passives: pct(bands.passiveShare),
          detractors: pct(bands.detractorShare),
          score: signed(nps.score),
        }),
        config: npsBands,
        table: {
          caption: t('reports.satisfaction.bandsTitle'),
          columns: [t('reports.satisfaction.band'), t('reports.col.count'), t('reports.col.share')],
          rows: bandSlices.map((slice) => [slice.label, num(slice.count), pct(slice.share ?? null)]),
        },
      },
    ],
  };
}
