import type { FieldIssue } from '../errors.ts';
import type { Role } from '../http/roles.ts';

/** Staff who record submissions that arrived by phone, letter, visit or email (requirements.md §3.1). */
export const recorderRoles: readonly Role[] = ['customer-service', 'office', 'manager', 'admin'];

/** The status every new complaint, inquiry and service request starts in. */
export const INITIAL_STATUS = 'RECEIVED';

/** Tolerated clock difference when staff enter a time of receipt. */
export const RECEIPT_CLOCK_SKEW_MS = 5 * 60_000;

/** The spam trap is filled: a person never sees the field, so a bot did. */
export const isSpamTrapFilled = (input: { website?: string | undefined }): boolean =>
  (input.website ?? '').trim().length > 0;

/** A rule an intake submission broke: the field it names and the catalogue key that explains it. */
export type IntakeViolation = FieldIssue;

const violation = (field: string, messageKey: FieldIssue['messageKey']): IntakeViolation => ({
  field,
  code: messageKey.split('.')[1] ?? 'invalid',
  messageKey,
});

interface RecordingFields {
  readonly channel?: string | undefined;
  readonly receivedAt?: string | undefined;
  readonly officeId?: string | undefined;
  readonly origin?: string | undefined;
}

/** Staff-only fields a caller without a recorder role has set (each one is a 403). */
export function staffOnlyViolations(input: RecordingFields, mayRecord: boolean): IntakeViolation[] {
  if (mayRecord) return [];
  return (['channel', 'receivedAt', 'officeId', 'origin'] as const)
    .filter((field) => input[field] !== undefined)
    .map((field) => violation(field, 'problem.staffOnlyField'));
}

/**
 * Date rules of a submission (each one a 422): staff name the channel and may not
 * record a receipt in the future; problems are not found after today; visits are not
 * wanted before today. `today` is the Shanghai calendar day of `now`.
 */
export function dateViolations(
  input: RecordingFields & { problemDate?: string; preferredVisitDates?: readonly string[] },
  recordedByStaff: boolean,
  now: Date,
  today: string,
): IntakeViolation[] {
  const violations: IntakeViolation[] = [];
  if (recordedByStaff && input.channel === undefined)
    violations.push(violation('channel', 'field.channelRequired'));
  if (input.receivedAt && new Date(input.receivedAt).getTime() > now.getTime() + RECEIPT_CLOCK_SKEW_MS) {
    violations.push(violation('receivedAt', 'field.receivedInFuture'));
  }
  if (input.problemDate && input.problemDate > today)
    violations.push(violation('problemDate', 'field.dateInFuture'));
  for (const [index, day] of (input.preferredVisitDates ?? []).entries()) {
    if (day < today) violations.push(violation(`preferredVisitDates.${index}`, 'field.dateInPast'));
  }
  return violations;
}
