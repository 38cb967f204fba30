import { z } from 'zod';
import { reportGroupings } from '../domain/satisfaction-report.ts';

/** A month, `YYYY-MM`. */
export const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .meta({ description: 'A month, YYYY-MM (Asia/Shanghai)' });

export const satisfactionReportQuery = z.strictObject({
  from: month.optional().meta({ description: 'First month; default: 11 months before `to`' }),
  to: month.optional().meta({ description: 'Last month; default: the current month' }),
  groupBy: z.enum(reportGroupings).default('month'),
});
export type SatisfactionReportQuery = z.infer<typeof satisfactionReportQuery>;

const rate = z
  .number()
  .nullable()
  .meta({ description: 'answered / sent (0-1, 4 decimals); null when none sent' });

const followUp = z.object({
  sent: z.number().int(),
  answered: z.number().int(),
  responseRate: rate,
  problems: z.number().int().meta({ description: 'Answers reporting a problem' }),
  inspectionsWanted: z.number().int().meta({ description: 'Answers asking for an inspection' }),
});

const figures = {
  csat: z.object({
    sent: z.number().int(),
    answered: z.number().int(),
    responseRate: rate,
    average: z.number().nullable().meta({ description: 'Mean score 1-5, 2 decimals; null without answers' }),
    distribution: z.object({
      1: z.number().int(),
      2: z.number().int(),
      3: z.number().int(),
      4: z.number().int(),
      5: z.number().int(),
    }),
  }),
  nps: z.object({
    sent: z.number().int(),
    answered: z.number().int(),
    responseRate: rate,
    score: z
      .number()
      .nullable()
      .meta({ description: '% promoters (9-10) - % detractors (0-6), 1 decimal; null without answers' }),
    promoters: z.number().int(),
    passives: z.number().int(),
    detractors: z.number().int(),
    average: z.number().nullable().meta({ description: 'Mean score 0-10, 2 decimals' }),
  }),
  checkIn: followUp,
  warrantyInspection: followUp,
};

export const satisfactionFigures = z.object(figures).meta({ id: 'SatisfactionFigures' });

export const satisfactionReportSchema = z
  .object({
    from: month,
    to: month,
    groupBy: z.enum(reportGroupings),
    office: z.string().optional().meta({ description: "Office users: the report is their office's only" }),
    groups: z.array(
      z.object({
        key: z.string().meta({ description: 'The month, office id, product category (`none`: NPS) or tier' }),
        ...figures,
      }),
    ),
    total: satisfactionFigures,
  })
  .meta({ id: 'SatisfactionReport' });
