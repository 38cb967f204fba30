import { useMemo } from 'preact/hooks';
import type { Language } from '../../../../shared/i18n/translate.ts';
import { currentLanguage } from '../i18n.ts';
import { ChartFigure, type ChartFigureProps } from './chart.tsx';
import { type Kpi, KpiTiles } from './kpi.tsx';

/** What a report page draws from its data: headline figures and charts (each with its table). */
export interface ReportViewModel {
  /** Said above the figures (an office user's report covers their office only). */
  readonly note?: string;
  readonly kpis: readonly Kpi[];
  readonly charts: readonly ChartFigureProps[];
}

/**
 * Draws a report: `build` runs again only when the data or the language changes, so the charts
 * (whose configs it makes) are redrawn only then.
 */
export function ReportView<T>({
  data,
  build,
}: {
  data: T;
  build: (data: T, language: Language) => ReportViewModel;
}) {
  const language = currentLanguage();
  const view = useMemo(() => build(data, language), [build, data, language]);
  return (
    <>
      {view.note && <p class="report-note">{view.note}</p>}
      <KpiTiles items={view.kpis} />
      <div class="report-charts">
        {view.charts.map((chart) => (
          <ChartFigure key={chart.name} {...chart} />
        ))}
      </div>
    </>
  );
}
