import { z } from 'zod';
import { line, paragraph } from './common.ts';

/**
 * What we ask customers after the fact (requirements.md §1C, §1G, §2):
 * - `csat`: satisfaction with one case, 1-5, a working day after it closed;
 * - `nps`: loyalty, 0-10 and a reason, key customers quarterly, others yearly;
 * - `checkIn`: 回访, "how are the delivered products performing?", 1, 6, 12 months after
 *   acceptance (key customers also quarterly);
 * - `warrantyInspection`: a free inspection offered 60 days before the 2-year warranty ends.
 * The first two are surveys (`/v1/surveys/{token}`), the last two follow-ups (`/v1/follow-ups/{token}`).
 */
export const surveyKinds = ['csat', 'nps', 'checkIn', 'warrantyInspection'] as const;
export type SurveyKind = (typeof surveyKinds)[number];
export const isFollowUp = (kind: SurveyKind) => kind === 'checkIn' || kind === 'warrantyInspection';

/**
 * - `scheduled`: planned, waits for `dueAt`;
 * - `postponed`: the contact had a survey or follow-up within the frequency cap; `dueAt` moved on;
 * - `sent`: the email is stored in the outbox (and sent, or retried by the mail-outbox job);
 * - `answered`: the customer answered (once; the first answer is kept);
 * - `skipped`: not sent, with `skipReason` (never silently dropped).
 */
export const surveyStatuses = ['scheduled', 'postponed', 'sent', 'answered', 'skipped'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

export const skipReasons = ['unsubscribed', 'suppressed', 'noConsent', 'noEmail', 'doNotEmail'] as const;
export type SkipReason = (typeof skipReasons)[number];

/** A survey or follow-up as stored (`SURVEY#<id>` / `SURVEY`, shared/store/surveys.ts). */
export interface SurveyRecord {
  /** Deterministic from `occurrence`: planning the same occurrence twice finds the same survey. */
  readonly id: string;
  readonly kind: SurveyKind;
  /** What makes it unique, e.g. `csat#<caseId>`, `nps#<customerId>#2026-Q4`, `checkIn#<deliveryId>#m6`. */
  readonly occurrence: string;
  readonly customerId: string;
  readonly organization: string;
  readonly officeId: string;
  readonly tier: 'key' | 'regular';
  readonly language: 'zh-CN' | 'en';
  /** The contact it goes to (primary contact with an email, else the first with one). */
  readonly contactName?: string;
  readonly contactEmail?: string;
  readonly caseId?: string;
  readonly caseReference?: string;
  readonly deliveryId?: string;
  /** For the report: the product category of the case or delivery (first item). */
  readonly productCategory?: string;
  readonly status: SurveyStatus;
  readonly createdAt: string;
  /** When it may be sent (moves on when postponed). */
  readonly dueAt: string;
  readonly postponements: number;
  readonly sentAt?: string;
  /** Links in the email stop working after this. */
  readonly expiresAt?: string;
  readonly skipReason?: SkipReason;
  readonly answeredAt?: string;
  readonly answer?: SurveyAnswer | FollowUpAnswer;
  /** When a comment was added after a one-click score (POST /v1/surveys/{token}/comment). */
  readonly commentedAt?: string;
  /** The case or task the answer created (closing the loop). */
  readonly createdCaseId?: string;
  /** The reference of `createdCaseId`, shown to the customer on the answer page. */
  readonly createdCaseReference?: string;
  readonly followUpTaskId?: string;
  /** How Customer Service closed the follow-up task of a low score. */
  readonly followUpResult?: FollowUpResult;
  /** nps, key-customer checkIn: the period asked about (`2026-Q4`, or `2026` for a yearly survey). */
  readonly period?: string;
  /** checkIn of a delivery: months after acceptance (1, 6 or 12). */
  readonly checkInMonths?: number;
  /** checkIn, warrantyInspection: the delivery's order/contract reference and product names, for the email. */
  readonly orderRef?: string;
  readonly productNames?: readonly string[];
  /** warrantyInspection: the last day of free repair (inclusive). */
  readonly freeRepairEndsOn?: string;
  /** csat: when the case was closed (archived). */
  readonly closedAt?: string;
  /** When it was skipped (with `skipReason`). */
  readonly skippedAt?: string;
  readonly version: number;
}

const comment = paragraph(2000).optional();

/** A CSAT or NPS answer. The score's range depends on the kind (csat 1-5, nps 0-10). */
export const surveyAnswer = z
  .strictObject({
    score: z.number().int().min(0).max(10),
    comment,
  })
  .meta({ id: 'SurveyAnswer' });
export type SurveyAnswer = z.infer<typeof surveyAnswer>;

/** A check-in or warranty-inspection answer. */
export const followUpAnswer = z
  .strictObject({
    /** checkIn: are the products performing well? warrantyInspection: is an inspection wanted? */
    status: z.enum(['fine', 'problem', 'inspectionWanted', 'noInspection']),
    /** What is wrong (required for `problem`). */
    problem: paragraph(2000).optional(),
    /** For `problem`: a repair (service request) or a complaint. Default: repair. */
    wants: z.enum(['repair', 'complaint']).optional(),
    /** Product concerned, when the customer names one. */
    productName: line(200).optional(),
    comment,
  })
  .meta({ id: 'FollowUpAnswer' });
export type FollowUpAnswer = z.infer<typeof followUpAnswer>;

/** Scores that reopen the conversation: a Customer Service follow-up task is created. */
export const isLowScore = (kind: SurveyKind, score: number): boolean =>
  (kind === 'csat' && score <= 2) || (kind === 'nps' && score <= 6);

/** What Customer Service did about a low score (the follow-up task's completion). */
export interface FollowUpResult {
  readonly outcome: 'contacted' | 'unreachable' | 'resolved';
  readonly note?: string;
  readonly completedAt: string;
  readonly completedBy: { readonly kind: string; readonly sub?: string; readonly email?: string };
}

/**
 * The signed token of a link in a survey email (shared/domain/signed-link.ts). Anything up to
 * the length limit reaches the signature check, so a damaged link is 403, not 422.
 */
export const surveyTokenParams = z.strictObject({
  token: z.string().min(1).max(2048).meta({ description: 'The signed token from the email link' }),
});

/** A comment added after a one-click score (the page offers it once the score is stored). */
export const surveyCommentInput = z.strictObject({ comment: paragraph(2000) }).meta({ id: 'SurveyComment' });

const viewBase = {
  kind: z.enum(surveyKinds),
  organization: z
    .string()
    .meta({ description: "The customer's organisation (the only personal data shown)" }),
  caseReference: z.string().optional().meta({ description: 'CSAT: the case asked about' }),
  productCategory: z.string().optional(),
  language: z.enum(['zh-CN', 'en']).meta({ description: "The customer's language" }),
  status: z.enum(['open', 'answered']),
  answeredAt: z.string().optional(),
};

/** What the survey page needs (GET/POST /v1/surveys/{token}). */
export const surveyView = z
  .object({
    ...viewBase,
    scale: z
      .object({ min: z.number().int(), max: z.number().int() })
      .meta({ description: 'csat 1-5, nps 0-10' }),
    callBack: z
      .boolean()
      .optional()
      .meta({ description: 'True after a low score: Customer Service will call within 2 working days' }),
    answer: z
      .object({ score: z.number().int(), comment: z.string().optional() })
      .optional()
      .meta({ description: 'The first (and only) answer' }),
  })
  .meta({ id: 'SurveyView' });
export type SurveyView = z.infer<typeof surveyView>;

/** What the follow-up page needs (GET/POST /v1/follow-ups/{token}). */
export const followUpView = z
  .object({
    ...viewBase,
    choices: z
      .array(z.string())
      .meta({ description: 'checkIn: fine, problem; warrantyInspection: inspectionWanted, noInspection' }),
    answer: z
      .object({
        status: z.string(),
        problem: z.string().optional(),
        wants: z.string().optional(),
        productName: z.string().optional(),
        comment: z.string().optional(),
      })
      .optional()
      .meta({ description: 'The first (and only) answer' }),
    createdCase: z
      .object({ kind: z.enum(['complaint', 'serviceRequest']), reference: z.string() })
      .optional()
      .meta({ description: 'The service request or complaint the answer opened' }),
  })
  .meta({ id: 'FollowUpView' });
export type FollowUpView = z.infer<typeof followUpView>;

/** POST /v1/unsubscribe/{token}: always 200 once the link verifies (RFC 8058 one-click). */
export const unsubscribeResult = z
  .object({
    unsubscribed: z.literal(true),
    alreadyUnsubscribed: z.boolean().meta({ description: 'True when an earlier click had already done it' }),
  })
  .meta({ id: 'UnsubscribeResult' });
