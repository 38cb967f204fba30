import type { z } from 'zod';
import type {
  LedgerEntryView,
  LotView,
  PartView,
  partDetail,
  ReconciliationView,
} from '../../../../../shared/schemas/parts.ts';
import type { requisitionDetail } from '../../../../../shared/schemas/requisitions.ts';
import type { scrapDetail } from '../../../../../shared/schemas/scraps.ts';

/** What the parts, requisition and scrap routes answer, typed from their own schemas (type imports only). */
export type { LedgerEntryView, LotView, PartView, ReconciliationView };
export type PartDetail = z.infer<typeof partDetail>;
export type RequisitionDetail = z.infer<typeof requisitionDetail>;
export type ScrapDetail = z.infer<typeof scrapDetail>;
export type { RequisitionView } from '../../../../../shared/schemas/requisitions.ts';
export type { ScrapView } from '../../../../../shared/schemas/scraps.ts';
