import { decideSesEvent, type SuppressionReason } from '../domain/suppression.ts';
import { suppressAtSes } from '../mail/ses.ts';
import type { SesEvent } from '../schemas/ses-events.ts';
import type { Actor } from '../store/audit.ts';
import { findCustomerIdsByEmail } from '../store/customers.ts';
import { recordSuppression } from '../store/suppressions.ts';
import { markCustomerDoNotEmail } from './customers.ts';

/** Who suppresses addresses, as customers' audit trails record it. */
export const sesEventsActor: Actor = { kind: 'system', sub: 'ses-events' };

/** Customers marked per address at most: an address shared by more is a data problem, not a bounce's. */
const MAX_CUSTOMERS_PER_ADDRESS = 100;

export type SesEventOutcome =
  | {
      readonly outcome: 'suppressed';
      readonly reason: SuppressionReason;
      readonly addresses: readonly string[];
      /** Addresses not suppressed before this event (a repeated event has none). */
      readonly newlySuppressed: number;
      /** Customers marked do-not-email by this event. */
      readonly customersMarked: readonly string[];
    }
  | { readonly outcome: 'ignored'; readonly why: string };

/**
 * A bounce or complaint SES reported: for each address that must get no more mail, records
 * the suppression (our table decides what is sent), marks every customer with a contact at
 * that address do-not-email (audited), and puts the address on the SES account's
 * suppression list. Every step is idempotent, so a retried or repeated event is harmless.
 */
export async function applySesEvent(event: SesEvent, now: Date): Promise<SesEventOutcome> {
  const decision = decideSesEvent(event);
  if (decision.action === 'ignore') return { outcome: 'ignored', why: decision.why };
  const { reason, addresses } = decision;
  let newlySuppressed = 0;
  const customersMarked: string[] = [];
  for (const address of addresses) {
    const recorded = await recordSuppression({
      address,
      reason,
      at: decision.at ?? now.toISOString(),
      recordedAt: now.toISOString(),
      ...(decision.feedbackId ? { feedbackId: decision.feedbackId } : {}),
      ...(decision.messageId ? { messageId: decision.messageId } : {}),
    });
    if (recorded) newlySuppressed += 1;
    for (const id of await findCustomerIdsByEmail(address, MAX_CUSTOMERS_PER_ADDRESS)) {
      if (await markCustomerDoNotEmail(id, { address, reason }, sesEventsActor, now))
        customersMarked.push(id);
    }
    await suppressAtSes(address, reason);
  }
  return { outcome: 'suppressed', reason, addresses, newlySuppressed, customersMarked };
}
