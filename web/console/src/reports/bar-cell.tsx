import { barWidth } from './series.ts';

/**
 * A table cell's figure with a bar under it: read the number, or glance down the column. The
 * bar is decoration (aria-hidden); the number is the content.
 */
export function BarCell({ text, value, max = 1 }: { text: string; value: number | null; max?: number }) {
  return (
    <span class="report-bar-cell">
      <span class="report-bar-value">{text}</span>
      <span class="report-bar" aria-hidden="true">
        <span style={{ width: `${barWidth(value, max)}%` }} />
      </span>
    </span>
  );
}
