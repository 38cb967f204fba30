import { currentLanguage, hasMessage, t } from '../i18n.ts';
import {
  formatNumber,
  formatPercent,
  formatSigned,
  type Month,
  monthLabel,
  NO_VALUE,
  type Period,
} from './series.ts';

/** The series formats in the console's current language. */
export const num = (value: number | null | undefined, digits = 0): string =>
  formatNumber(value, currentLanguage(), digits);
export const pct = (rate: number | null | undefined, digits = 1): string =>
  formatPercent(rate, currentLanguage(), digits);
export const signed = (value: number | null | undefined, digits = 1): string =>
  formatSigned(value, currentLanguage(), digits);
export const monthName = (month: Month): string => monthLabel(month, currentLanguage());
export const periodName = (period: Period): string =>
  period.from === period.to
    ? monthName(period.from)
    : t('reports.period.range', { from: monthName(period.from), to: monthName(period.to) });

/** A report key (cause, category, batch, factory, office, tier) as users know it. */
export function keyLabel(
  dimension: 'cause' | 'category' | 'batch' | 'factory' | 'office' | 'tier',
  key: string,
  offices?: ReadonlyMap<string, string>,
): string {
  const candidates = [
    `report.${dimension}.${key}`,
    `reports.${dimension}.${key}`,
    ...(dimension === 'category' ? [`web.option.${key}`] : []),
    ...(key === 'unknown' ? ['reports.key.unknown'] : []),
  ];
  const found = candidates.find(hasMessage);
  if (found) return t(found);
  if (dimension === 'office') return offices?.get(key) ?? key;
  return key || NO_VALUE;
}
