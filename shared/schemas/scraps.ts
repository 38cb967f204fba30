import { z } from 'zod';
import {
  appraisalOpinions,
  appraisalSlots,
  scrapActions,
  scrapDecisions,
  scrapRouteKinds,
  scrapStatuses,
} from '../domain/scrap.ts';
import { auditEventSchema } from './cases.ts';
import { entityId, instant, paragraph } from './common.ts';
import { partNumber } from './parts.ts';

/**
 * Scrapping of spare parts (报废, requirements.md §4). Amounts are yuan in the API; the record
 * stores integer fen.
 */

/** POST /v1/scraps: the warehouse asks to scrap units of a part, of one lot or the oldest first. */
export const scrapInput = z
  .strictObject({
    partNumber,
    quantity: z.number().int().min(1).max(1_000_000),
    lotId: entityId
      .optional()
      .meta({ description: 'Scrap units of this lot (a damaged lot); default: the oldest lots first' }),
    reason: paragraph(2000).meta({ description: 'Why the units are scrapped (报废原因)' }),
  })
  .meta({ id: 'ScrapInput' });
export type ScrapInput = z.infer<typeof scrapInput>;

/** POST /v1/scraps/{id}/appraisals: one of the three appraisals (技术鉴定). */
export const appraisalInput = z
  .strictObject({
    slot: z.enum(appraisalSlots).meta({
      description:
        '`repairTeam` (维修班组, role production), `warehouseKeeper` (库管, role warehouse), ' +
        '`equipmentOwner` (设备使用部门, role department)',
    }),
    opinion: z.enum(appraisalOpinions).meta({
      description: '`scrap` (同意报废) or `keep` (留用: recorded; management decides with it in view)',
    }),
    note: paragraph(2000).meta({ description: 'The appraisal (鉴定意见)' }),
  })
  .meta({ id: 'ScrapAppraisalInput' });
export type AppraisalInput = z.infer<typeof appraisalInput>;

/** POST /v1/scraps/{id}/decision: management approves or rejects after the three appraisals. */
export const decisionInput = z
  .strictObject({
    decision: z.enum(scrapDecisions),
    note: paragraph(2000)
      .optional()
      .meta({ description: 'Required when approving against an appraisal of `keep`' }),
  })
  .meta({ id: 'ScrapDecisionInput' });
export type DecisionInput = z.infer<typeof decisionInput>;

const person = z.object({ sub: z.string().optional(), email: z.string().optional() });
export type Person = z.infer<typeof person>;

const appraisal = z.object({
  opinion: z.enum(appraisalOpinions),
  note: z.string(),
  at: instant,
  by: person,
});
export type Appraisal = z.infer<typeof appraisal>;

const money = z.number().meta({ description: 'CNY' });

export const scrapSchema = z
  .object({
    id: z.string(),
    reference: z.string().meta({ description: '`BF-yyyymmdd-nnnn` (报废)' }),
    partNumber: z.string(),
    partName: z.string(),
    quantity: z.number().int(),
    lotId: z.string().optional().meta({ description: 'The lot named by the request' }),
    value: money.meta({
      description: 'Value of the units at their lot costs when requested (what was appraised)',
    }),
    bookedValue: money.optional().meta({ description: 'Value taken out of stock when scrapped' }),
    reason: z.string(),
    status: z.enum(scrapStatuses),
    route: z.enum(scrapRouteKinds).meta({
      description: '`warehouse`: at or under 200 CNY, scrapped at once; `appraisal`: over 200 CNY',
    }),
    appraisals: z.object({
      repairTeam: appraisal.optional(),
      warehouseKeeper: appraisal.optional(),
      equipmentOwner: appraisal.optional(),
    }),
    decision: z
      .object({ decision: z.enum(scrapDecisions), note: z.string().optional(), at: instant, by: person })
      .optional(),
    ledgerSeq: z.number().int().optional().meta({ description: "The part's ledger entry of the scrap" }),
    requestedBy: person,
    availableActions: z.array(z.enum(scrapActions)).meta({ description: 'The legal next steps' }),
    version: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Scrap' });
export type ScrapView = z.infer<typeof scrapSchema>;

export const scrapDetail = scrapSchema
  .extend({ timeline: z.array(auditEventSchema) })
  .meta({ id: 'ScrapDetail' });

export const scrapListQuery = z.strictObject({
  status: z.enum(scrapStatuses).optional(),
  partNumber: partNumber.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});
export type ScrapListQuery = z.infer<typeof scrapListQuery>;
