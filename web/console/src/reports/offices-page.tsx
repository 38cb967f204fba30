import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { PageProps } from '../page.ts';
import { BarCell } from './bar-cell.tsx';
import { num, pct, periodName } from './format.ts';
import { ReportFrame, usePeriod } from './frame.tsx';
import { KpiTiles } from './kpi.tsx';
import { reportLinks } from './report-nav.ts';
import { type SortDirection, sortRows } from './series.ts';
import type { OfficeLeague, OfficeLeagueRow } from './types.ts';
import { useReport } from './use-report.ts';

/** 办事处排名: the office league table, sortable, with bars in the rate cells. */
export function OfficesPage({ query }: PageProps) {
  const period = usePeriod('offices', query);
  const apiQuery = { from: period.from, to: period.to };
  const state = useReport<OfficeLeague>(reportLinks.offices.api, apiQuery);
  return (
    <ReportFrame
      name="offices"
      query={query}
      period={period}
      apiQuery={apiQuery}
      state={state}
      isEmpty={(league) => league.offices.length === 0}
    >
      {(league) => <League league={league} />}
    </ReportFrame>
  );
}

/** Minutes as "45 分钟" or "3.5 小时". */
const duration = (minutes: number | null): string =>
  minutes === null
    ? num(null)
    : minutes < 60
      ? t('reports.unit.minutes', { minutes: num(minutes) })
      : t('reports.unit.hours', { hours: num(minutes / 60, 1) });

interface Column {
  readonly id: string;
  readonly header: string;
  /** What the column sorts by; missing figures sort last. */
  readonly value: (row: OfficeLeagueRow) => number | string | null;
  /** The direction the first click sorts in: the better offices first. */
  readonly better: SortDirection;
  readonly cell: (row: OfficeLeagueRow) => ComponentChildren;
}

function columnsFor(league: OfficeLeague): Column[] {
  const maxOf = (value: (row: OfficeLeagueRow) => number | null) =>
    Math.max(0, ...league.offices.map((row) => value(row) ?? 0));
  const maxPer100 = maxOf((row) => row.complaints.per100Deliveries);
  const maxReturnRate = maxOf((row) => row.returns.returnRate);
  return [
    {
      id: 'rank',
      header: t('reports.offices.rank'),
      value: (r) => r.rank,
      better: 'ascending',
      cell: (r) => num(r.rank),
    },
    {
      id: 'office',
      header: t('reports.offices.office'),
      value: (r) => r.office.name,
      better: 'ascending',
      cell: (r) => (
        <>
          {r.office.name}
          <span class="report-cell-detail">{r.office.region}</span>
        </>
      ),
    },
    {
      id: 'sla',
      header: t('reports.offices.sla'),
      value: (r) => r.complaints.slaCompliance,
      better: 'descending',
      cell: (r) => (
        <>
          <BarCell text={pct(r.complaints.slaCompliance)} value={r.complaints.slaCompliance} />
          <span class="report-cell-detail">
            {t('reports.offices.slaDetail', {
              onTime: num(r.complaints.repliesOnTime),
              replies: num(r.complaints.repliesOnTime + r.complaints.repliesLate),
            })}
          </span>
        </>
      ),
    },
    {
      id: 'per100',
      header: t('reports.offices.per100'),
      value: (r) => r.complaints.per100Deliveries,
      better: 'ascending',
      cell: (r) => (
        <>
          <BarCell
            text={num(r.complaints.per100Deliveries, 2)}
            value={r.complaints.per100Deliveries}
            max={maxPer100}
          />
          <span class="report-cell-detail">
            {t('reports.offices.received', { received: num(r.complaints.received) })}
          </span>
        </>
      ),
    },
    {
      id: 'firstResponse',
      header: t('reports.offices.firstResponse'),
      value: (r) => r.firstResponse.inTargetRate,
      better: 'descending',
      cell: (r) => (
        <>
          <BarCell text={pct(r.firstResponse.inTargetRate)} value={r.firstResponse.inTargetRate} />
          <span class="report-cell-detail">
            {t('reports.offices.averageTarget', {
              average: duration(r.firstResponse.averageMinutes),
              target: t(`reports.unit.${r.targets.firstResponse.unit}`, {
                value: r.targets.firstResponse.value,
              }),
            })}
          </span>
        </>
      ),
    },
    {
      id: 'visits',
      header: t('reports.offices.visits'),
      value: (r) => r.visits.inTargetRate,
      better: 'descending',
      cell: (r) => (
        <>
          <BarCell text={pct(r.visits.inTargetRate)} value={r.visits.inTargetRate} />
          <span class="report-cell-detail">
            {t('reports.offices.averageTarget', {
              average:
                r.visits.averageWorkingDays === null
                  ? num(null)
                  : t('reports.unit.workingDays', { value: num(r.visits.averageWorkingDays, 1) }),
              target: t('reports.unit.workingDays', { value: r.targets.visitWithinWorkingDays }),
            })}
          </span>
        </>
      ),
    },
    {
      id: 'returns',
      header: t('reports.offices.returnRate'),
      value: (r) => r.returns.returnRate,
      better: 'ascending',
      cell: (r) => (
        <>
          <BarCell text={pct(r.returns.returnRate, 2)} value={r.returns.returnRate} max={maxReturnRate} />
          <span class="report-cell-detail">
            {t('reports.offices.returnedUnits', {
              returned: num(r.returns.returnedUnits),
              delivered: num(r.returns.deliveredUnits),
            })}
          </span>
        </>
      ),
    },
    {
      id: 'csat',
      header: t('reports.offices.csat'),
      value: (r) => r.csat.average,
      better: 'descending',
      cell: (r) => (
        <>
          <BarCell text={num(r.csat.average, 2)} value={r.csat.average} max={5} />
          <span class="report-cell-detail">
            {t('reports.offices.csatTarget', { target: num(r.targets.csatTarget, 1) })}
            {r.csatMeetsTarget !== null && (
              <strong class={r.csatMeetsTarget ? 'report-ok' : 'report-miss'}>
                {' '}
                {r.csatMeetsTarget ? t('reports.offices.meets') : t('reports.offices.misses')}
              </strong>
            )}
          </span>
        </>
      ),
    },
    {
      id: 'note',
      header: t('reports.offices.latestNote'),
      value: (r) => r.latestNotes[0]?.date ?? null,
      better: 'descending',
      cell: (r) => {
        const note = r.latestNotes[0];
        return note ? (
          <span class="report-note-cell">
            <span class="report-cell-detail">{note.date}</span> {note.finding}
          </span>
        ) : (
          num(null)
        );
      },
    },
  ];
}

function League({ league }: { readonly league: OfficeLeague }) {
  const [sort, setSort] = useState<{ id: string; direction: SortDirection }>({
    id: 'rank',
    direction: 'ascending',
  });
  const columns = columnsFor(league);
  const sortBy = columns.find((column) => column.id === sort.id) ?? (columns[0] as Column);
  const rows = sortRows(league.offices, sortBy.value, sort.direction);
  const { total } = league;
  const onSort = (column: Column) =>
    setSort((current) =>
      current.id === column.id
        ? { id: column.id, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { id: column.id, direction: column.better },
    );
  const caption = t('reports.offices.caption', { period: periodName(league) });
  return (
    <>
      {league.office && <p class="report-note">{t('reports.offices.ownOffice')}</p>}
      <KpiTiles
        items={[
          {
            label: t('reports.offices.sla'),
            value: pct(total.complaints.slaCompliance),
            detail: t('reports.offices.slaDetail', {
              onTime: num(total.complaints.repliesOnTime),
              replies: num(total.complaints.repliesOnTime + total.complaints.repliesLate),
            }),
          },
          {
            label: t('reports.offices.per100'),
            value: num(total.complaints.per100Deliveries, 2),
            detail: t('reports.offices.received', { received: num(total.complaints.received) }),
          },
          {
            label: t('reports.offices.returnRate'),
            value: pct(total.returns.returnRate, 2),
            detail: t('reports.offices.returnedUnits', {
              returned: num(total.returns.returnedUnits),
              delivered: num(total.returns.deliveredUnits),
            }),
          },
          {
            label: t('reports.offices.csat'),
            value: num(total.csat.average, 2),
            detail: t('reports.offices.csatAnswered', { answered: num(total.csat.answered) }),
          },
        ]}
      />
      <section class="report-group" data-testid="table-office-league" aria-labelledby="office-league-title">
        <h2 id="office-league-title">{t('reports.offices.tableTitle')}</h2>
        <p class="report-note">{t('reports.offices.sortHint')}</p>
        <div class="report-table-wrap">
          <table class="report-table report-league">
            <caption class="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th
                    key={column.id}
                    scope="col"
                    aria-sort={sort.id === column.id ? sort.direction : undefined}
                  >
                    <button type="button" class="report-sort" onClick={() => onSort(column)}>
                      {column.header}
                      <span aria-hidden="true" class="report-sort-mark">
                        {sort.id === column.id ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.office.id}>
                  {columns.map((column) =>
                    column.id === 'office' ? (
                      <th key={column.id} scope="row">
                        {column.cell(row)}
                      </th>
                    ) : (
                      <td key={column.id}>{column.cell(row)}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
