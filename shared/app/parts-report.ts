import { shanghaiDate } from '../calendar/plain-date.ts';
import {
  daysBetween,
  oldLotsBefore,
  type PartStock,
  partsReport,
  type StockSnapshot,
  stockValuesOf,
} from '../domain/parts-report.ts';
import { monthOf } from '../domain/satisfaction-report.ts';
import type { OldLot, OldLotsQuery, PartsReport } from '../schemas/parts-report.ts';
import type { ReportPeriodQuery } from '../schemas/reports.ts';
import type { Page } from '../store/pagination.ts';
import { getPart, listAllParts, listLotsReceivedBefore, type StoredPart } from '../store/parts.ts';
import { putPartsStockSnapshot, readPartsMonths, readPartsStockSnapshots } from '../store/report-stats.ts';
import { periodOf } from './complaint-report.ts';
import { lotView, partView } from './parts.ts';
import { inQuota } from './stock.ts';

// ---- use cases ---------------------------------------------------------------------------------

const partStockOf = (stored: StoredPart): PartStock => ({
  stockValueFen: stored.card.stockValueFen,
  inQuota: inQuota(stored.part),
  belowLowQuota: partView(stored).belowLowQuota,
  toRepair: stored.card.toRepair,
});

/**
 * Takes the stock values of every part and of the parts with a quota now and SETs them on the
 * current month's parts counters (the daily `parts-daily` job, with the catalogue it read): the
 * last snapshot of a month
 * is its value for the turnover ratio.
 */
export async function recordStockValueSnapshot(
  now: Date,
  catalogue?: readonly StoredPart[],
): Promise<StockSnapshot> {
  const values = stockValuesOf((catalogue ?? (await listAllParts())).map(partStockOf));
  const snapshot = { month: monthOf(now), ...values, takenAt: now.toISOString() };
  await putPartsStockSnapshot(snapshot);
  return snapshot;
}

/**
 * The spare-parts report of the period (issue 7): the months' counters, their stock value
 * snapshots and the stock now (one read of the catalogue).
 */
export async function partsReportFor(query: ReportPeriodQuery, now: Date): Promise<PartsReport> {
  const period = periodOf(query, now);
  const [rows, snapshots, parts] = await Promise.all([
    readPartsMonths(period.from, period.to),
    readPartsStockSnapshots(period.from, period.to),
    listAllParts(),
  ]);
  return partsReport({ rows, snapshots, parts: parts.map(partStockOf) }, period, now);
}

/**
 * Lots in stock received more than `olderThanDays` days ago (Asia/Shanghai), oldest first, with
 * their part's name, unit and location (each part read once per page).
 */
export async function listOldLots(query: OldLotsQuery, now: Date): Promise<Page<OldLot>> {
  const today = shanghaiDate(now);
  const page = await listLotsReceivedBefore(
    oldLotsBefore(today, query.olderThanDays),
    query.limit,
    query.cursor,
  );
  const partNumbers = [...new Set(page.items.map((lot) => lot.partNumber))];
  const parts = new Map(
    (await Promise.all(partNumbers.map((partNumber) => getPart(partNumber)))).flatMap((stored) =>
      stored ? [[stored.part.partNumber, stored.part] as const] : [],
    ),
  );
  const items = page.items.map((lot): OldLot => {
    const part = parts.get(lot.partNumber);
    return {
      partNumber: lot.partNumber,
      ...(part ? { name: part.name, unit: part.unit, location: part.location } : {}),
      ...lotView(lot),
      ageDays: daysBetween(lot.receivedOn, today),
    };
  });
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
