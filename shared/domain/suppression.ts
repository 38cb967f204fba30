import {
  type SesBounceDetail,
  type SesComplaintDetail,
  type SesEvent,
  sesFeedbackDetailTypes,
} from '../schemas/ses-events.ts';

/** Why an address is suppressed: it bounced permanently, or its owner reported our mail as spam. */
export type SuppressionReason = 'BOUNCE' | 'COMPLAINT';

/** An address as it is keyed and compared: trimmed, lower-case, without a `Name <...>` wrapper. */
export function normaliseAddress(recipient: string): string {
  const wrapped = /<([^<>]*)>\s*$/.exec(recipient);
  return (wrapped?.[1] ?? recipient).trim().toLowerCase();
}

/** What an SES event asks of us. */
export type SesEventDecision =
  | {
      readonly action: 'suppress';
      readonly reason: SuppressionReason;
      /** Normalised, without duplicates. */
      readonly addresses: readonly string[];
      /** When SES saw the bounce or complaint, if it said. */
      readonly at?: string;
      readonly feedbackId?: string;
      readonly messageId?: string;
    }
  | { readonly action: 'ignore'; readonly why: 'not-bounce-or-complaint' | 'not-permanent' | 'no-address' };

/** Only a hard bounce says the address will never work; transient and undetermined ones may pass. */
export const bounceSuppresses = (bounceType: string): boolean => bounceType === 'Permanent';

const addressesOf = (recipients: readonly { emailAddress: string }[]) => [
  ...new Set(recipients.map((r) => normaliseAddress(r.emailAddress)).filter((a) => a.includes('@'))),
];

/**
 * Permanent bounces and every complaint suppress their recipients; transient and
 * undetermined bounces and any other SES event (delivery, open...) change nothing.
 */
export function decideSesEvent(event: SesEvent): SesEventDecision {
  // The schema has checked the detail of these two types (an unknown type's detail is unread).
  let reason: SuppressionReason;
  let feedback: { timestamp?: string | undefined; feedbackId?: string | undefined };
  let recipients: readonly { emailAddress: string }[];
  if (event['detail-type'] === sesFeedbackDetailTypes.bounce) {
    const { bounce } = event.detail as SesBounceDetail;
    if (!bounceSuppresses(bounce.bounceType)) return { action: 'ignore', why: 'not-permanent' };
    [reason, feedback, recipients] = ['BOUNCE', bounce, bounce.bouncedRecipients];
  } else if (event['detail-type'] === sesFeedbackDetailTypes.complaint) {
    const { complaint } = event.detail as SesComplaintDetail;
    [reason, feedback, recipients] = ['COMPLAINT', complaint, complaint.complainedRecipients];
  } else {
    return { action: 'ignore', why: 'not-bounce-or-complaint' };
  }
  const addresses = addressesOf(recipients);
  if (addresses.length === 0) return { action: 'ignore', why: 'no-address' };
  const messageId = (event.detail as SesBounceDetail | SesComplaintDetail).mail?.messageId;
  const at = feedback.timestamp ?? event.time;
  return {
    action: 'suppress',
    reason,
    addresses,
    ...(at ? { at } : {}),
    ...(feedback.feedbackId ? { feedbackId: feedback.feedbackId } : {}),
    ...(messageId ? { messageId } : {}),
  };
}
