import type { RunClock } from '../domain/survey-rules.ts';
import { logger } from '../logger.ts';
import { runPartsStockCheck } from './parts-stock-check.ts';
import { flagOverdueDelayReports } from './purchase-delays.ts';

/**
 * The daily spare-parts job (`parts-daily`): the stock check of every part (帐卡物相符, reorder
 * proposals at the low quota, the month's stock value snapshot) and the purchases late without
 * their written delay report. One function for both keeps the stack small; each runs even when the
 * other failed, and a failure is thrown at the end so the job is retried (both are safe to repeat)
 * and alarms.
 */
export async function runPartsDaily(clock: RunClock) {
  const [stock, purchaseDelays] = await Promise.allSettled([
    runPartsStockCheck(clock.now),
    flagOverdueDelayReports(clock),
  ]);
  const failed = [stock, purchaseDelays].filter((result) => result.status === 'rejected');
  for (const failure of failed) logger.error('parts-daily step failed', { error: failure.reason as Error });
  if (stock.status === 'rejected') throw stock.reason;
  if (purchaseDelays.status === 'rejected') throw purchaseDelays.reason;
  return { stock: stock.value, purchaseDelays: purchaseDelays.value };
}
