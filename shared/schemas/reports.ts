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

// --- Complaint, Pareto and returns reports (GET /v1/reports/complaints, /complaints/pareto, /returns) ---

/** Quality's classification of a complaint's cause at investigation (the Pareto's main axis). */
export const complaintCauses = [
  'material',
  'workmanship',
  'design',
  'packaging-transport',
  'installation',
  'usage',
  'supplier',
  'other',
] as const;
export type ComplaintCause = (typeof complaintCauses)[number];

export const reportPeriodQuery = z.strictObject({
  from: month.optional().meta({ description: 'First month; default: 11 months before `to`' }),
  to: month.optional().meta({ description: 'Last month; default: the current month' }),
});
export type ReportPeriodQuery = z.infer<typeof reportPeriodQuery>;

const count = z.number().int();

/**
 * The figures of complaints received in a period (a cohort: every figure belongs to the month
 * the complaint was received, whenever the later event happened).
 */
export const complaintFigures = z
  .object({
    received: count.meta({ description: 'Complaints received in the month (every channel)' }),
    replies: z.object({
      onTime: count.meta({
        description: 'First replies within the 2-working-day rule (or the agreed later time)',
      }),
      late: count,
      breaches: count.meta({ description: 'Complaints whose reply deadline passed unanswered (SLA job)' }),
      extensions: count.meta({ description: 'Later replies agreed with the purchaser' }),
      onTimeRate: z
        .number()
        .nullable()
        .meta({ description: 'onTime / (onTime + late), 4 decimals; null when none' }),
    }),
    responsibility: z
      .object({ customer: count, internal: count })
      .meta({ description: 'As the latest investigation found; not investigated yet: neither' }),
    closing: z.object({
      closed: count,
      averageDays: z
        .number()
        .nullable()
        .meta({ description: 'Mean calendar days receipt -> archive, 1 decimal' }),
      within7Days: count.meta({ description: 'Closed at most 7 days after receipt' }),
      within30Days: count.meta({ description: 'More than 7, at most 30 days' }),
      within90Days: count.meta({ description: 'More than 30, at most 90 days' }),
      over90Days: count.meta({ description: 'More than 90 days (the four buckets add up to `closed`)' }),
    }),
    capa: z.object({
      requested: count,
      effective: count.meta({ description: 'CAPAs verified effective' }),
      firstTimeEffective: count.meta({ description: 'Effective at the first verification round' }),
      firstTimeEffectiveRate: z.number().nullable().meta({ description: 'firstTimeEffective / effective' }),
      verificationRounds: count.meta({ description: 'All verification rounds of the effective CAPAs' }),
      averageRounds: z
        .number()
        .nullable()
        .meta({ description: 'verificationRounds / effective, 2 decimals' }),
      ineffectiveRounds: count.meta({ description: 'Every ineffective verification round' }),
    }),
  })
  .meta({ id: 'ComplaintFigures' });
export type ComplaintFigures = z.infer<typeof complaintFigures>;

export const complaintReportSchema = z
  .object({
    from: month,
    to: month,
    months: z.array(complaintFigures.extend({ month })),
    total: complaintFigures,
  })
  .meta({ id: 'ComplaintReport' });
export type ComplaintReport = z.infer<typeof complaintReportSchema>;

export const paretoDimensions = ['cause', 'category', 'batch', 'factory'] as const;
export type ParetoDimension = (typeof paretoDimensions)[number];

export const paretoQuery = reportPeriodQuery.extend({
  by: z.enum(paretoDimensions).default('cause'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ParetoQuery = z.infer<typeof paretoQuery>;

export const paretoReportSchema = z
  .object({
    by: z.enum(paretoDimensions),
    from: month,
    to: month,
    total: count.meta({ description: 'Complaints counted on this dimension in the period' }),
    items: z.array(
      z.object({
        key: z
          .string()
          .meta({ description: 'Cause, product category, batch or factory (`unknown` when not recorded)' }),
        count,
        share: z.number().meta({ description: 'count / total, 4 decimals' }),
        cumulativeShare: z.number().meta({ description: 'Running share, largest first (the Pareto line)' }),
      }),
    ),
    others: count.meta({ description: 'Complaints in keys beyond `limit`' }),
  })
  .meta({ id: 'ParetoReport' });
export type ParetoReport = z.infer<typeof paretoReportSchema>;

const returnsFigures = {
  deliveredUnits: count.meta({ description: 'Units delivered in the month (by delivery date)' }),
  returns: count.meta({
    description: 'Return and exchange requests submitted in the month and not rejected',
  }),
  returnedUnits: count.meta({ description: 'Units of those requests' }),
  returnRate: z.number().nullable().meta({ description: 'returnedUnits / deliveredUnits, 4 decimals' }),
};

export const returnsReportSchema = z
  .object({
    from: month,
    to: month,
    months: z.array(z.object({ month, ...returnsFigures })),
    total: z.object(returnsFigures),
  })
  .meta({ id: 'ReturnsReport' });
export type ReturnsReport = z.infer<typeof returnsReportSchema>;
