import { z } from 'zod';
import { serviceStatuses } from '../domain/service-request.ts';
import { caseView } from './cases.ts';
import { cny, entityId, httpUrl, instant, line, paragraph, plainDate } from './common.ts';
import { partNumber } from './parts.ts';

/** `HH:MM`, 24-hour Beijing time. */
const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .meta({ description: 'HH:MM, Beijing time' });

export const triageInput = z
  .strictObject({
    note: paragraph(2000).optional().meta({ description: 'What Customer Service found on first contact' }),
  })
  .meta({ id: 'ServiceTriageInput' });
export type TriageInput = z.infer<typeof triageInput>;

export const quoteLine = z.strictObject({
  description: line(200),
  amount: cny,
});

/** A quote for chargeable maintenance (终身维护保养): the lines add up to the amount. */
export const quoteInput = z
  .strictObject({
    amount: cny.meta({ description: 'Total in yuan (CNY): the sum of the lines' }),
    currency: z.literal('CNY').default('CNY'),
    lines: z.array(quoteLine).min(1).max(50),
    validUntil: plainDate.optional(),
    note: paragraph(2000).optional(),
  })
  .refine(
    (q) => Math.round(q.amount * 100) === q.lines.reduce((sum, l) => sum + Math.round(l.amount * 100), 0),
    {
      message: 'service.field.quoteTotal',
      path: ['amount'],
    },
  )
  .meta({ id: 'ServiceQuoteInput' });
export type QuoteInput = z.infer<typeof quoteInput>;

export const quoteDecisionInput = z
  .strictObject({
    decision: z.enum(['accepted', 'declined']),
    note: paragraph(2000)
      .optional()
      .meta({ description: 'Who agreed, how (phone, letter...), why declined' }),
  })
  .meta({ id: 'ServiceQuoteDecisionInput' });
export type QuoteDecisionInput = z.infer<typeof quoteDecisionInput>;

/** A named technician (with their staff sign-in when they have one), or a regional office. */
export const assignInput = z
  .union([
    z.strictObject({
      technician: z.strictObject({ name: line(100), sub: line(128).optional() }),
      note: paragraph(2000).optional(),
    }),
    z.strictObject({
      officeId: entityId.meta({ description: 'The regional office (办事处) that will visit' }),
      note: paragraph(2000).optional(),
    }),
  ])
  .meta({ id: 'ServiceAssignInput' });
export type AssignInput = z.infer<typeof assignInput>;

export const scheduleVisitInput = z
  .strictObject({
    date: plainDate.meta({ description: 'The day of the visit (not in the past)' }),
    window: z
      .strictObject({ from: clockTime, to: clockTime })
      .refine((w) => w.from < w.to, { message: 'service.field.window', path: ['to'] }),
    note: paragraph(1000).optional().meta({ description: 'For the customer, e.g. what to prepare' }),
  })
  .meta({ id: 'ServiceScheduleVisitInput' });
export type ScheduleVisitInput = z.infer<typeof scheduleVisitInput>;

/** A part used on a visit: one of the catalogue (issued from stock) or, without a part number, bought locally. */
export const partUsed = z.strictObject({
  partNumber: partNumber.optional().meta({
    description: 'A catalogue part, issued first in, first out to this request; none: a non-stock part',
  }),
  name: line(200),
  quantity: z.number().int().min(1).max(10_000),
});

/** A part taken out on a visit (修旧利废): booked back to the stock as waiting for repair. */
export const partReplaced = z.strictObject({
  partNumber,
  quantity: z.number().int().min(1).max(10_000),
  cause: paragraph(1000).meta({ description: 'Why it was replaced (更换原因), required' }),
});

/** Each catalogue part once per list: a visit makes one stock movement per part. */
const eachPartOnce = (lines: readonly { partNumber?: string | undefined }[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  lines.forEach((part, i) => {
    if (part.partNumber === undefined) return;
    if (seen.has(part.partNumber)) {
      ctx.addIssue({ code: 'custom', message: 'parts.duplicatePart', path: [i, 'partNumber'] });
    }
    seen.add(part.partNumber);
  });
};

/** The technician's report of a visit (维修记录), with the customer's sign-off. */
export const visitReportInput = z
  .strictObject({
    visitedOn: plainDate.optional().meta({ description: 'Defaults to the scheduled day; not in the future' }),
    workDone: paragraph(5000),
    partsUsed: z.array(partUsed).max(50).superRefine(eachPartOnce).default([]),
    partsReplaced: z
      .array(partReplaced)
      .max(50)
      .superRefine(eachPartOnce)
      .default([])
      .meta({ description: 'Old parts taken out, booked as waiting for repair with their cause' }),
    photos: z.array(httpUrl).max(20).default([]),
    customerSignOff: line(100).meta({ description: "Name of the customer's representative who signed off" }),
  })
  .meta({ id: 'ServiceVisitReportInput' });
export type VisitReportInput = z.infer<typeof visitReportInput>;

export const noteInput = z
  .strictObject({ note: paragraph(2000).optional() })
  .meta({ id: 'ServiceNoteInput' });
export type NoteInput = z.infer<typeof noteInput>;

export const cancelInput = z.strictObject({ reason: paragraph(2000) }).meta({ id: 'ServiceCancelInput' });
export type CancelInput = z.infer<typeof cancelInput>;

const by = z.object({ sub: z.string().optional(), email: z.string().optional() });
const stamp = { at: instant, by };

/** What the lifecycle records on the case (`service`), step by step. */
export const serviceRecord = z
  .object({
    triage: z.object({ note: z.string().optional(), ...stamp }).optional(),
    quote: z
      .object({
        amount: z.number(),
        currency: z.literal('CNY'),
        lines: z.array(z.object({ description: z.string(), amount: z.number() })),
        validUntil: plainDate.optional(),
        note: z.string().optional(),
        revision: z.number().int(),
        ...stamp,
      })
      .optional(),
    quoteDecision: z
      .object({ decision: z.enum(['accepted', 'declined']), note: z.string().optional(), ...stamp })
      .optional(),
    assignment: z
      .object({
        technician: z.object({ name: z.string(), sub: z.string().optional() }).optional(),
        officeId: z.string().optional(),
        note: z.string().optional(),
        ...stamp,
      })
      .optional(),
    visit: z
      .object({
        date: plainDate,
        window: z.object({ from: z.string(), to: z.string() }),
        note: z.string().optional(),
        schedules: z.number().int().meta({ description: '1, then one more per reschedule' }),
        ...stamp,
      })
      .optional(),
    visitReport: z
      .object({
        visitedOn: plainDate,
        workDone: z.string(),
        partsUsed: z.array(
          z.object({
            partNumber: z.string().optional(),
            name: z.string(),
            quantity: z.number(),
            cost: z
              .number()
              .optional()
              .meta({ description: 'CNY: the cost of the lots issued (catalogue parts only)' }),
            lots: z
              .array(
                z.object({
                  lotId: z.string(),
                  receivedOn: plainDate,
                  quantity: z.number().int(),
                  unitCost: z.number().meta({ description: 'CNY' }),
                }),
              )
              .optional()
              .meta({ description: 'The lots issued, oldest first (先进先出)' }),
            ledgerSeq: z
              .number()
              .int()
              .optional()
              .meta({ description: "The issue's entry (`seq`) in the part's ledger" }),
          }),
        ),
        partsReplaced: z
          .array(
            z.object({
              partNumber: z.string(),
              quantity: z.number(),
              cause: z.string(),
              ledgerSeq: z.number().int().meta({ description: "The entry (`seq`) in the part's ledger" }),
            }),
          )
          .optional(),
        partsCost: z
          .number()
          .optional()
          .meta({ description: 'CNY: the cost of the catalogue parts used (absent on older reports)' }),
        photos: z.array(z.string()),
        customerSignOff: z.string(),
        ...stamp,
      })
      .optional(),
    completion: z.object({ note: z.string().optional(), ...stamp }).optional(),
    closure: z
      .object({
        outcome: z.enum(['completed', 'quoteDeclined', 'cancelled']),
        reason: z.string().optional(),
        note: z.string().optional(),
        ...stamp,
      })
      .optional(),
  })
  .meta({ id: 'ServiceRecord' });
export type ServiceRecord = z.infer<typeof serviceRecord>;

/** The service request after an action: the case, its lifecycle record and what may happen next. */
export const serviceRequestView = caseView
  .extend({
    status: z.enum(serviceStatuses),
    service: serviceRecord.optional(),
    allowedActions: z.array(z.string()).meta({ description: 'Actions the status allows now' }),
  })
  .meta({ id: 'ServiceRequest' });
