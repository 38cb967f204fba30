import { z } from 'zod';

/** The EventBridge detail-types of the SES events that can suppress an address. */
export const sesFeedbackDetailTypes = {
  bounce: 'Email Bounced',
  complaint: 'Email Complaint Received',
} as const;
const feedbackTypes: readonly string[] = Object.values(sesFeedbackDetailTypes);

// SES adds fields over time: every object is loose, only what we read is checked.
const recipient = z.looseObject({ emailAddress: z.string().max(320) });
const mail = z.looseObject({ messageId: z.string().optional(), timestamp: z.string().optional() });

/** SES event publishing's bounce record (`detail` of "Email Bounced"). */
const bounceDetail = z.looseObject({
  eventType: z.literal('Bounce'),
  bounce: z.looseObject({
    /** `Permanent`, `Transient` or `Undetermined`; kept a string so a new type is ignored, not an error. */
    bounceType: z.string(),
    bounceSubType: z.string().optional(),
    bouncedRecipients: z.array(recipient).min(1),
    timestamp: z.string().optional(),
    feedbackId: z.string().optional(),
  }),
  mail: mail.optional(),
});

/** SES event publishing's complaint record (`detail` of "Email Complaint Received"). */
const complaintDetail = z.looseObject({
  eventType: z.literal('Complaint'),
  complaint: z.looseObject({
    complainedRecipients: z.array(recipient).min(1),
    complaintFeedbackType: z.string().optional(),
    timestamp: z.string().optional(),
    feedbackId: z.string().optional(),
  }),
  mail: mail.optional(),
});

const envelope = z.looseObject({
  id: z.string().optional(),
  source: z.literal('aws.ses'),
  time: z.string().optional(),
});

/**
 * An event SES publishes to EventBridge (configuration set event destination, default bus).
 * Bounces and complaints are checked in full; any other SES event passes with its detail
 * unread, so that it can be ignored rather than refused. A bounce or complaint without
 * recipients, or an event not from SES, does not parse.
 */
export const sesEvent = z.union([
  envelope.extend({ 'detail-type': z.literal(sesFeedbackDetailTypes.bounce), detail: bounceDetail }),
  envelope.extend({ 'detail-type': z.literal(sesFeedbackDetailTypes.complaint), detail: complaintDetail }),
  envelope.extend({
    'detail-type': z.string().refine((type) => !feedbackTypes.includes(type)),
    detail: z.unknown(),
  }),
]);
export type SesEvent = z.infer<typeof sesEvent>;

/** The EventBridge detail-type of SES's send event: SES accepted a message. */
export const sesSentDetailType = 'Email Sent';

/**
 * SES event publishing's send record ("Email Sent"): the message id SES gave, and the message
 * tags it was sent with (each a list of values), among them the outbox mail's id.
 */
export const mailSentEvent = envelope.extend({
  'detail-type': z.literal(sesSentDetailType),
  detail: z.looseObject({
    eventType: z.literal('Send'),
    mail: z.looseObject({
      messageId: z.string().min(1).max(200),
      timestamp: z.string().max(40).optional(),
      tags: z.record(z.string(), z.array(z.string().max(256))).optional(),
    }),
  }),
});
export type MailSentEvent = z.infer<typeof mailSentEvent>;
export type SesBounceDetail = z.infer<typeof bounceDetail>;
export type SesComplaintDetail = z.infer<typeof complaintDetail>;
