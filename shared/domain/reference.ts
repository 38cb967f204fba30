import type { PlainDate } from '../calendar/plain-date.ts';
import type { CaseKind } from '../schemas/cases.ts';

/** Reference prefixes staff and customers quote on the phone: 投诉 TS, 咨询 ZX, 维修 WX. */
export const referencePrefix: Record<CaseKind, string> = {
  complaint: 'TS',
  inquiry: 'ZX',
  serviceRequest: 'WX',
};

/** Returns and exchanges (退货/换货, RMA) are numbered like cases: `TH-20261127-0001`. */
export const returnReferencePrefix = 'TH';

/** `TS-20261127-0007`: kind, Shanghai day of receipt, the day's counter (4 digits, more when needed). */
export function formatReference(kind: CaseKind, day: PlainDate, counter: number): string {
  return formatPrefixedReference(referencePrefix[kind], day, counter);
}

/** `<prefix>-<yyyymmdd>-<counter>`; the counter is taken from `nextCounterValue('<prefix>#<day>')`. */
export function formatPrefixedReference(prefix: string, day: PlainDate, counter: number): string {
  if (!Number.isInteger(counter) || counter < 1) throw new RangeError(`bad counter ${counter}`);
  return `${prefix}-${day.replaceAll('-', '')}-${String(counter).padStart(4, '0')}`;
}
