import type { PlainDate } from '../calendar/plain-date.ts';
import type { CaseKind } from '../schemas/cases.ts';

/** Reference prefixes staff and customers quote on the phone: 投诉 TS, 咨询 ZX, 维修 WX. */
export const referencePrefix: Record<CaseKind, string> = {
  complaint: 'TS',
  inquiry: 'ZX',
  serviceRequest: 'WX',
};

/** `TS-20261127-0007`: kind, Shanghai day of receipt, the day's counter (4 digits, more when needed). */
export function formatReference(kind: CaseKind, day: PlainDate, counter: number): string {
  if (!Number.isInteger(counter) || counter < 1) throw new RangeError(`bad counter ${counter}`);
  return `${referencePrefix[kind]}-${day.replaceAll('-', '')}-${String(counter).padStart(4, '0')}`;
}
