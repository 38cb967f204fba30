import type { PartRecord, TransactItem } from '../store/parts.ts';
import type { OutgoingMail } from './deliver-mail.ts';

/** What a receipt for a requisition writes with it: the requisition's arrival, and mail for urgent ones. */
export interface RequisitionArrival {
  readonly extra: readonly TransactItem[];
  readonly mails: readonly OutgoingMail[];
  /** The part's open reorder proposal cleared when this arrival fills it. */
  readonly partChanges?: Partial<Pick<PartRecord, 'openReorderId'>>;
}

/**
 * The arrival of `quantity` units of `part` for a requisition (422 on `requisitionId` when there is
 * no such requisition in purchase for that part). STUB: implemented with the requisitions.
 */
export async function requisitionArrival(
  requisitionId: string,
  part: PartRecord,
  quantity: number,
  now: Date,
): Promise<RequisitionArrival> {
  void requisitionId;
  void part;
  void quantity;
  void now;
  return { extra: [], mails: [] };
}
