import type { StockCard } from '../domain/stock.ts';
import type { PartRecord, TransactItem } from '../store/parts.ts';
import type { OutgoingMail } from './deliver-mail.ts';

/** A reorder proposal written with the movement that triggered it. */
export interface ReorderProposal {
  readonly partChanges: { readonly openReorderId: string };
  readonly extra: readonly TransactItem[];
  readonly mails: readonly OutgoingMail[];
}

/**
 * When `card` leaves the part at or below its low quota and no proposal is open: a reorder
 * proposal up to the high quota (a requisition of origin `reorder`) and the warehouse's notice.
 * STUB: implemented with the requisitions.
 */
export async function reorderIfLow(
  part: PartRecord,
  card: StockCard,
  now: Date,
): Promise<ReorderProposal | undefined> {
  void part;
  void card;
  void now;
  return undefined;
}

/**
 * Proposes a reorder for every part at or below its low quota without an open proposal (the daily
 * `parts-stock-check` job). STUB: implemented with the requisitions.
 */
export async function proposeLowStockReorders(now: Date): Promise<{ proposed: string[] }> {
  void now;
  return { proposed: [] };
}
