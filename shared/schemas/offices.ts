import { z } from 'zod';
import { entityId, paragraph, plainDate } from './common.ts';
import { month } from './reports.ts';

export const officeParams = z.strictObject({ id: entityId });

/** requirements.md §3.5: every complaint is answered within 2 working days; no office may promise less. */
export const COMPLAINT_REPLY_WORKING_DAYS = 2;

const firstResponse = z
  .strictObject({
    value: z.number().int().min(1).max(240),
    unit: z.enum(['workingHours', 'workingDays']),
  })
  .meta({ description: 'Target from receipt of a service request to the first response (triage)' });

const standardFields = {
  firstResponse,
  visitWithinWorkingDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .meta({ description: 'A repair/maintenance visit within this many working days of receipt' }),
  complaintReplyWorkingDays: z
    .literal(COMPLAINT_REPLY_WORKING_DAYS)
    .meta({ description: 'Fixed by the promise (§3.5): a reply within 2 working days, inclusive' }),
  csatTarget: z.number().min(1).max(5).meta({ description: 'Target mean CSAT score (1-5) of the office' }),
  items: z.array(paragraph(500)).max(30).meta({ description: 'Further points of the checklist, free text' }),
};

/** PUT body: the whole standard (`complaintReplyWorkingDays` may be sent but is always 2). */
export const officeStandardInput = z
  .strictObject({
    ...standardFields,
    complaintReplyWorkingDays: standardFields.complaintReplyWorkingDays.optional(),
    items: standardFields.items.default([]),
  })
  .meta({ id: 'OfficeStandardInput' });
export type OfficeStandardInput = z.infer<typeof officeStandardInput>;

/** One service standard (服务标准) for head office and every regional office (requirements.md §2). */
export const officeStandardSchema = z
  .object({
    officeId: z.string(),
    ...standardFields,
    isDefault: z.boolean().meta({ description: 'True while the office has no standard of its own' }),
    version: z.number().int().meta({ description: '0 for the default; send it back as If-Match' }),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: 'OfficeStandard' });
export type Standard = z.infer<typeof officeStandardSchema>;

/** A finding of head office's supervision of an office (督导记录). */
export const supervisionNoteInput = z
  .strictObject({
    date: plainDate.meta({ description: 'Day of the supervision (visit, review)' }),
    finding: paragraph(2000),
    actionRequired: paragraph(2000),
    due: plainDate.meta({ description: 'When the action is due; not before `date`' }),
  })
  .meta({ id: 'SupervisionNoteInput' });
export type SupervisionNoteInput = z.infer<typeof supervisionNoteInput>;

export const supervisionNoteSchema = z
  .object({
    id: z.string(),
    officeId: z.string(),
    date: z.string(),
    finding: z.string(),
    actionRequired: z.string(),
    due: z.string(),
    createdAt: z.string(),
    createdBy: z.string().meta({ description: 'Email (or id) of who wrote it' }),
  })
  .meta({ id: 'SupervisionNote' });
export type SupervisionNote = z.infer<typeof supervisionNoteSchema>;

export const supervisionNoteQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});
export type SupervisionNoteQuery = z.infer<typeof supervisionNoteQuery>;

export const officeLeagueQuery = z.strictObject({
  from: month.optional().meta({ description: 'First month; default: 11 months before `to`' }),
  to: month.optional().meta({ description: 'Last month; default: the current month' }),
});
export type OfficeLeagueQuery = z.infer<typeof officeLeagueQuery>;

const rate = (description: string) => z.number().nullable().meta({ description });
const counts = z.record(z.string(), z.number().int()).meta({ description: 'The summed monthly counters' });
const figures = {
  counts,
  firstResponse: z.object({
    count: z.number().int(),
    averageMinutes: rate('Mean minutes from receipt to first response, 1 decimal; null without responses'),
    inTargetRate: rate("Share within the standard's target, 0-1, 4 decimals"),
  }),
  visits: z.object({
    count: z.number().int(),
    averageWorkingDays: rate('Mean working days from receipt to the visit, 2 decimals'),
    inTargetRate: rate("Share within the standard's target, 0-1, 4 decimals"),
  }),
  complaints: z.object({
    received: z.number().int(),
    repliesOnTime: z.number().int(),
    repliesLate: z.number().int(),
    slaCompliance: rate('First replies on time / all first replies, 0-1, 4 decimals; null without replies'),
    per100Deliveries: rate('Complaints received per 100 deliveries, 2 decimals; null without deliveries'),
  }),
  returns: z.object({
    count: z.number().int(),
    returnedUnits: z.number().int(),
    deliveredUnits: z.number().int(),
    returnRate: rate('Returned units / delivered units, 0-1, 4 decimals; null without deliveries'),
  }),
  csat: z.object({
    answered: z.number().int(),
    average: rate('Mean CSAT score 1-5, 2 decimals; null without answers'),
  }),
};

export const officeLeagueSchema = z
  .object({
    from: month,
    to: month,
    office: z
      .string()
      .optional()
      .meta({ description: 'Office users: the table holds their own office only' }),
    offices: z.array(
      z.object({
        rank: z.number().int(),
        office: z.object({ id: z.string(), name: z.string(), region: z.string() }),
        ...figures,
        targets: z.object({
          firstResponse: firstResponse,
          visitWithinWorkingDays: z.number().int(),
          complaintReplyWorkingDays: z.number().int(),
          csatTarget: z.number(),
        }),
        csatMeetsTarget: z.boolean().nullable(),
        latestNotes: z.array(supervisionNoteSchema),
      }),
    ),
    total: z.object(figures),
  })
  .meta({ id: 'OfficeLeague' });
