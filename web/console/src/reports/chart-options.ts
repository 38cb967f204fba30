import type { TooltipItem } from 'chart.js';
import type { ReportChartConfig } from './chart.tsx';
import { num, pct } from './format.ts';

/** A linear axis of counts from zero (whole numbers), titled. */
export const countAxis = (title: string, position: 'left' | 'right' = 'left') => ({
  type: 'linear' as const,
  position,
  beginAtZero: true,
  grace: '5%',
  title: { display: true, text: title },
  ticks: { precision: 0, callback: (value: number | string) => num(Number(value)) },
  grid: { drawOnChartArea: position === 'left' },
});

/** A percentage axis (values in percent points) from 0 to `max`, or to a round value above the data. */
export const percentAxis = (
  title: string,
  position: 'left' | 'right' = 'left',
  max: number | undefined = 100,
  digits = 0,
) => ({
  type: 'linear' as const,
  position,
  min: 0,
  ...(max === undefined ? {} : { max }),
  title: { display: true, text: title },
  ticks: { callback: (value: number | string) => pct(Number(value) / 100, digits) },
  grid: { drawOnChartArea: position === 'left' },
});

/** The category (month, cause...) axis. */
export const categoryAxis = (stacked = false) => ({
  type: 'category' as const,
  stacked,
  ticks: { autoSkip: true, maxRotation: 0 },
  grid: { display: false },
});

/** Tooltips that print each value as the table does (`formats` by dataset index, counts otherwise). */
export const tooltip = (formats: Readonly<Record<number, (value: number) => string>> = {}) => ({
  callbacks: {
    label: (item: TooltipItem<'bar' | 'line'>) => {
      const value = item.parsed.y;
      if (value === null) return `${item.dataset.label ?? ''}: –`;
      const format = formats[item.datasetIndex] ?? ((v: number) => num(v, 2));
      return `${item.dataset.label ?? ''}: ${format(value)}`;
    },
  },
});

/** Legends with square boxes (which show the bars' hatches) and line samples. */
export const legend = { position: 'bottom' as const, labels: { boxWidth: 18, boxHeight: 12, padding: 14 } };

/** A slice of a share doughnut: its label, count, share of the whole and look. */
export interface ShareSlice {
  readonly label: string;
  readonly count: number;
  readonly share: number | null | undefined;
  readonly fill: CanvasPattern | string;
  readonly border: string;
}

/** A doughnut of counts whose tooltips give each slice's count and share. */
export const shareDoughnut = (slices: readonly ShareSlice[]): ReportChartConfig => ({
  type: 'doughnut',
  data: {
    labels: slices.map((slice) => slice.label),
    datasets: [
      {
        data: slices.map((slice) => slice.count),
        backgroundColor: slices.map((slice) => slice.fill),
        borderColor: slices.map((slice) => slice.border),
        borderWidth: 2,
      },
    ],
  },
  options: {
    plugins: {
      legend,
      tooltip: {
        callbacks: {
          label: (item) => `${item.label}: ${num(item.parsed)} (${pct(slices[item.dataIndex]?.share)})`,
        },
      },
    },
  },
});
