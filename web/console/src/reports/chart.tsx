import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n.ts';

// Only what the report charts use (esbuild drops the rest of Chart.js).
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  DoughnutController,
  ArcElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

Chart.defaults.font.family =
  'system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
Chart.defaults.font.size = 13;
Chart.defaults.color = '#4a5361'; // 7.8:1 on white: axis and legend text meet WCAG AA
Chart.defaults.borderColor = '#d9dee5';
Chart.defaults.maintainAspectRatio = false; // the container's CSS height decides (responsive)
if (matchMedia('(prefers-reduced-motion: reduce)').matches) Chart.defaults.animation = false;

/**
 * The report palette: each at least 3:1 against white (WCAG 1.4.11 for graphics). Series that
 * appear together also differ in pattern, dash or point style, never in colour alone.
 */
export const palette = {
  blue: '#0b5cad',
  orange: '#c2560c',
  red: '#b3261e',
  green: '#17663a',
  purple: '#6b3fa0',
  teal: '#00756f',
  grey: '#5f6b7a',
  reference: '#1b1f24',
} as const;

export type Fill = 'solid' | 'diagonal' | 'cross' | 'dots';

const patterns = new Map<string, CanvasPattern | string>();

/** A bar fill: the colour, or a hatch of it on a light tint (told apart without colour vision). */
export function fill(color: string, kind: Fill = 'solid'): CanvasPattern | string {
  if (kind === 'solid') return color;
  const cacheKey = `${color}/${kind}`;
  const cached = patterns.get(cacheKey);
  if (cached) return cached;
  const size = 8;
  const tile = document.createElement('canvas');
  tile.width = size;
  tile.height = size;
  const g = tile.getContext('2d');
  if (!g) return color;
  g.fillStyle = `${color}2e`; // the colour at 18% over white
  g.fillRect(0, 0, size, size);
  g.strokeStyle = color;
  g.fillStyle = color;
  g.lineWidth = 2;
  if (kind === 'dots') {
    g.beginPath();
    g.arc(size / 2, size / 2, 1.8, 0, Math.PI * 2);
    g.fill();
  } else {
    g.beginPath();
    // A diagonal from bottom left to top right, with its neighbours' ends in the corners so it tiles.
    g.moveTo(0, size);
    g.lineTo(size, 0);
    g.moveTo(-1, 1);
    g.lineTo(1, -1);
    g.moveTo(size - 1, size + 1);
    g.lineTo(size + 1, size - 1);
    if (kind === 'cross') {
      g.moveTo(0, 0);
      g.lineTo(size, size);
      g.moveTo(size - 1, -1);
      g.lineTo(size + 1, 1);
      g.moveTo(-1, size - 1);
      g.lineTo(1, size + 1);
    }
    g.stroke();
  }
  const pattern = g.createPattern(tile, 'repeat') ?? color;
  patterns.set(cacheKey, pattern);
  return pattern;
}

/** A dashed horizontal reference line (target, 80% cut, average) as a line dataset, named in the legend. */
export const referenceLine = (label: string, value: number, count: number, yAxisID = 'y') => ({
  type: 'line' as const,
  label,
  data: Array.from({ length: count }, () => value),
  yAxisID,
  borderColor: palette.reference,
  backgroundColor: 'rgba(0, 0, 0, 0)', // the legend shows a dashed outline
  borderDash: [6, 4],
  borderWidth: 1.5,
  pointRadius: 0,
  pointHoverRadius: 0,
  order: 0,
});

export type ReportChartConfig =
  | ChartConfiguration<'bar' | 'line', (number | null)[], string>
  | ChartConfiguration<'doughnut', number[], string>;

export interface TableData {
  readonly caption: string;
  readonly columns: readonly string[];
  /** The first cell of each row is its header (a month, a cause...); the others are figures. */
  readonly rows: readonly (readonly string[])[];
  /** A total row (tfoot), headed by its first cell. */
  readonly total?: readonly string[];
}

/** A table of the chart's data: the chart's accessible equivalent, and the numbers behind it. */
export function DataTable({ caption, columns, rows, total }: TableData) {
  return (
    <div class="report-table-wrap">
      <table class="report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([head, ...cells]) => (
            <tr key={head}>
              <th scope="row">{head}</th>
              {cells.map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot>
            <tr>
              <th scope="row">{total[0]}</th>
              {total.slice(1).map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

export interface ChartFigureProps {
  /** `data-testid="chart-<name>"` and the heading's id. */
  readonly name: string;
  readonly title: string;
  /** What the chart shows, in one or two sentences: the canvas's accessible name. */
  readonly summary: string;
  /** Build it with useMemo: a new config object draws the chart anew. */
  readonly config: ReportChartConfig;
  readonly table: TableData;
  readonly note?: string;
}

/**
 * A chart with its accessible equivalent: the canvas is an image named by the summary, and the
 * data table sits under "Show data". The Chart.js instance lives exactly as long as its config:
 * destroyed before a new one is drawn and when the page unmounts.
 */
export function ChartFigure({ name, title, summary, config, table, note }: ChartFigureProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config as ChartConfiguration);
    return () => chart.destroy();
  }, [config]);
  const headingId = `chart-${name}-title`;
  return (
    <section class="report-chart" data-testid={`chart-${name}`} aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {note && <p class="report-note">{note}</p>}
      <div class="report-chart-canvas">
        <canvas ref={canvas} role="img" aria-label={summary}>
          {summary}
        </canvas>
      </div>
      {/* The same words the canvas is named by, for sighted readers: hidden from screen readers, who hear them once. */}
      <p class="report-summary" aria-hidden="true">
        {summary}
      </p>
      <details class="report-data">
        <summary>{t('reports.showData')}</summary>
        <DataTable {...table} />
      </details>
    </section>
  );
}
