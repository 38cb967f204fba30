import { shanghaiDate } from '../calendar/plain-date.ts';
import { ConflictError } from '../errors.ts';
import { mailboxOf } from '../mail/mailboxes.ts';
import { type StockMismatch, stockCheckMail } from '../mail/parts-mail.ts';
import type { ReconciliationView } from '../schemas/parts.ts';
import { listAllParts } from '../store/parts.ts';
import { writeAll } from '../store/transactions.ts';
import { stagedMail } from './deliver-mail.ts';
import { reconcilePart } from './parts.ts';
import { recordStockValueSnapshot } from './parts-report.ts';
import { proposeLowStockReorders } from './reorder.ts';

/** How many parts are checked at once (three reads each). */
const PARALLEL_CHECKS = 5;
/** Before a part found differing is checked again (a movement between the reads, a lagging read). */
const SECOND_LOOK_MS = 500;

export interface PartsStockCheckReport {
  /** The Shanghai day checked (the notice's day). */
  readonly day: string;
  /** Parts checked. */
  readonly parts: number;
  /** Parts whose ledger, card and lots agree and whose ledger chain verifies. */
  readonly agreeing: number;
  readonly differing: readonly StockMismatch[];
  readonly reorders: Awaited<ReturnType<typeof proposeLowStockReorders>>;
  /** The month's stock values for the turnover ratio (the month's last snapshot counts). */
  readonly snapshot: Awaited<ReturnType<typeof recordStockValueSnapshot>>;
  /** The notice: none needed, sent by this run, or sent by an earlier run the same day. */
  readonly mail: 'none' | 'sent' | 'alreadySent';
}

const isSound = (check: ReconciliationView) => check.agrees && check.chainIntact;

/**
 * One part's check. A part found differing is checked once more a moment later: the reads of a
 * check are not one snapshot, so a movement booked between them looks like a difference once.
 */
async function checkPart(partNumber: string, now: Date): Promise<ReconciliationView> {
  const first = await reconcilePart(partNumber, now);
  if (isSound(first)) return first;
  await new Promise((resolve) => setTimeout(resolve, SECOND_LOOK_MS));
  return reconcilePart(partNumber, now);
}

/** The day's notice, stored in the outbox under the day's id: a rerun the same day sends nothing. */
async function notify(day: string, parts: number, differing: readonly StockMismatch[]) {
  const mails = stagedMail(
    [
      {
        id: `parts-stock-check-${day}`,
        purpose: 'parts-stock-check',
        message: stockCheckMail({ day, parts, differing }, [mailboxOf('warehouse'), mailboxOf('manager')]),
      },
    ],
    // The outbox's clock is the real one (leases, retries), whatever the run's `asOf`.
    new Date(),
  );
  try {
    await writeAll(mails.items);
  } catch (error) {
    if (error instanceof ConflictError) return 'alreadySent' as const;
    throw error;
  }
  await mails.send();
  return 'sent' as const;
}

/**
 * The daily stock check (part of the `parts-daily` job, requirements.md §4 帐、物、卡相符): every part's
 * ledger, stock card and lots compared and its ledger chain verified; one notice to the warehouse
 * and management when any part differs; then reorder proposals for parts at their low quota and
 * the month's stock value snapshot. Safe to run twice: the notice and each proposal are written
 * once, the snapshot is overwritten.
 */
export async function runPartsStockCheck(now: Date): Promise<PartsStockCheckReport> {
  const day = shanghaiDate(now);
  const all = await listAllParts();
  const differing: StockMismatch[] = [];
  for (let start = 0; start < all.length; start += PARALLEL_CHECKS) {
    const checks = await Promise.all(
      all.slice(start, start + PARALLEL_CHECKS).map(async ({ part }) => ({
        name: part.name,
        check: await checkPart(part.partNumber, now),
      })),
    );
    for (const { name, check } of checks) {
      if (!isSound(check)) {
        const { partNumber, chainIntact, differences } = check;
        differing.push({ partNumber, name, chainIntact, differences });
      }
    }
  }
  // The notice first: a failing reorder must not keep a mismatch from being reported.
  const mail = differing.length > 0 ? await notify(day, all.length, differing) : 'none';
  // One read of the catalogue serves the reorders and the snapshot too (neither changes stock).
  const reorders = await proposeLowStockReorders(now, all);
  const snapshot = await recordStockValueSnapshot(now, all);
  return {
    day,
    parts: all.length,
    agreeing: all.length - differing.length,
    differing,
    reorders,
    snapshot,
    mail,
  };
}
