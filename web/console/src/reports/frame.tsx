import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Query } from '../api.ts';
import { downloadCsv } from '../csv-download.ts';
import { t } from '../i18n.ts';
import { href } from '../router.ts';
import { currentSession } from '../session.ts';
import { periodName } from './format.ts';
import { type ReportName, reportLinks, visibleReportLinks } from './report-nav.ts';
import { defaultPeriod, isMonth, type Period, periodOf, periodProblem, presetPeriods } from './series.ts';
import { problemText, type ReportState } from './use-report.ts';

/** The period chosen last in this tab, so moving between report pages keeps it. */
const PERIOD_KEY = 'aftersales.console.reportPeriod';

const fallbackPeriod = (): Period =>
  periodOf(new URLSearchParams(sessionStorage.getItem(PERIOD_KEY) ?? ''), defaultPeriod(new Date()));

/** `#/reports/<name>?...`: the page's query with `changes` applied (undefined removes a parameter). */
export function reportHref(
  name: ReportName,
  query: URLSearchParams,
  changes: Readonly<Record<string, string | undefined>>,
): string {
  return href(reportLinks[name].path, { ...Object.fromEntries(query), ...changes });
}

/** Goes to the report with new filters: a history entry, so Back returns to the previous ones. */
export const showReport = (
  name: ReportName,
  query: URLSearchParams,
  changes: Record<string, string | undefined>,
) => {
  location.hash = reportHref(name, query, changes);
};

/**
 * The period a report page shows: from the hash query, else the one chosen last in this tab,
 * else the last 12 months. Written into the address (replacing it: no extra history entry), so
 * a copied link shows the same period.
 */
export function usePeriod(name: ReportName, query: URLSearchParams): Period {
  const period = periodOf(query, fallbackPeriod());
  useEffect(() => {
    sessionStorage.setItem(PERIOD_KEY, new URLSearchParams({ ...period }).toString());
    if (query.get('from') !== period.from || query.get('to') !== period.to) {
      history.replaceState(history.state, '', reportHref(name, query, { ...period }));
    }
  }, [name, query, period.from, period.to]);
  return period;
}

interface FiltersProps {
  readonly name: ReportName;
  readonly query: URLSearchParams;
  readonly period: Period;
  readonly children?: ComponentChildren;
}

/**
 * The period (from/to months, presets) and the report's own filters, in one form: applying it
 * puts every field into the hash query.
 */
function Filters({ name, query, period, children }: FiltersProps) {
  const [problem, setProblem] = useState<string>();
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const changes = Object.fromEntries(
      [...form.entries()].map(([field, value]) => [field, String(value).trim()]),
    );
    const chosen = { from: changes.from, to: changes.to };
    if (!isMonth(chosen.from) || !isMonth(chosen.to)) {
      setProblem(t('reports.period.invalidMonth'));
      return;
    }
    const issue = periodProblem({ from: chosen.from, to: chosen.to });
    if (issue) {
      setProblem(t(issue));
      return;
    }
    setProblem(undefined);
    showReport(name, query, changes);
  };
  const invalid = problem ? { 'aria-invalid': true, 'aria-describedby': 'report-period-problem' } : {};
  return (
    <form class="report-filters" onSubmit={onSubmit} aria-label={t('reports.filters')}>
      <fieldset class="report-period">
        <legend>{t('reports.period.legend')}</legend>
        <label>
          {t('reports.period.from')}
          <input
            key={`from-${period.from}`}
            type="month"
            name="from"
            defaultValue={period.from}
            pattern="\d{4}-\d{2}"
            placeholder="YYYY-MM"
            required
            {...invalid}
          />
        </label>
        <label>
          {t('reports.period.to')}
          <input
            key={`to-${period.to}`}
            type="month"
            name="to"
            defaultValue={period.to}
            pattern="\d{4}-\d{2}"
            placeholder="YYYY-MM"
            required
            {...invalid}
          />
        </label>
      </fieldset>
      {children}
      <button type="submit" class="report-apply">
        {t('reports.apply')}
      </button>
      <fieldset class="report-presets">
        <legend>{t('reports.period.presets')}</legend>
        {presetPeriods(new Date()).map((preset) => {
          const chosen = preset.period.from === period.from && preset.period.to === period.to;
          return (
            <button
              key={preset.name}
              type="button"
              class={chosen ? undefined : 'secondary'}
              aria-pressed={chosen}
              onClick={() => showReport(name, query, { ...preset.period })}
            >
              {t(`reports.period.${preset.name}`)}
            </button>
          );
        })}
      </fieldset>
      <p id="report-period-problem" class="report-problem" role="alert">
        {problem}
      </p>
    </form>
  );
}

/** "导出 CSV": the same report as CSV, with the page's query. */
function ExportCsv({ path, query, filename }: { path: string; query: Query; filename: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const onClick = () => {
    setBusy(true);
    setProblem(undefined);
    downloadCsv(path, query, filename)
      .catch((error: unknown) =>
        setProblem(error instanceof ApiError ? problemText(error) : t('reports.export.failed')),
      )
      .finally(() => setBusy(false));
  };
  return (
    <div class="report-export">
      <button type="button" onClick={onClick} disabled={busy} aria-describedby="report-export-problem">
        {busy ? t('reports.export.busy') : t('reports.export.csv')}
      </button>
      <span id="report-export-problem" class="report-problem" role="status">
        {problem}
      </span>
    </div>
  );
}

export interface ReportFrameProps<T> {
  readonly name: ReportName;
  /** The hash query of the page. */
  readonly query: URLSearchParams;
  readonly period: Period;
  /** The report's own filters (inputs named as their query parameters), inside the period form. */
  readonly filters?: ComponentChildren;
  /** What the page asks the API for; the CSV export asks for the same. */
  readonly apiQuery: Query;
  /** Part of the CSV file's name after the report's (`-cause`). */
  readonly fileSuffix?: string;
  readonly state: ReportState<T>;
  readonly isEmpty: (data: T) => boolean;
  /** The report itself, drawn once the data is there and not empty. */
  readonly children: (data: T) => ComponentChildren;
}

/**
 * Every report page's frame: the links between reports (keeping the period), the heading, the
 * filters, the CSV export, and the loading, empty and error states in live regions.
 */
export function ReportFrame<T>(props: ReportFrameProps<T>) {
  const { name, query, period, state } = props;
  const links = visibleReportLinks(currentSession()?.roles ?? []);
  const ready = state.status === 'ready' ? state.data : undefined;
  const empty = ready !== undefined && props.isEmpty(ready);
  return (
    <div class={`report-page report-${name}`}>
      {links.length > 1 && (
        <nav class="report-tabs" aria-label={t('reports.nav')}>
          <ul>
            {links.map((link) => (
              <li key={link.name}>
                <a
                  href={reportHref(link.name, new URLSearchParams(), { ...period })}
                  aria-current={link.name === name ? 'page' : undefined}
                >
                  {t(link.title)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <h1>{t(reportLinks[name].title)}</h1>
      <p class="report-period-shown">{t('reports.period.showing', { period: periodName(period) })}</p>
      <div class="report-toolbar">
        <Filters name={name} query={query} period={period}>
          {props.filters}
        </Filters>
        <ExportCsv
          path={reportLinks[name].api}
          query={props.apiQuery}
          filename={`${name}${props.fileSuffix ?? ''}-${period.from}_${period.to}.csv`}
        />
      </div>
      <div class="report-result">
        <div class="report-status" role="status">
          {state.status === 'loading' && <p class="report-loading">{t('reports.state.loading')}</p>}
          {empty && <p class="report-empty">{t('reports.state.empty')}</p>}
        </div>
        <div class="report-error" role="alert">
          {state.status === 'error' && <p>{problemText(state.error)}</p>}
        </div>
        <div class="report-body" aria-busy={state.status === 'loading'}>
          {ready !== undefined && !empty && props.children(ready)}
        </div>
      </div>
    </div>
  );
}
