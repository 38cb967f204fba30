import { expectedOn } from '../domain/requisition.ts';
import type { AppraisalSlot } from '../domain/scrap.ts';
import type { Language } from '../i18n/translate.ts';
import { translate } from '../i18n/translate.ts';
import { partsFigureNames } from '../schemas/parts-report.ts';
import {
  type Columns,
  type ItemOf,
  joined,
  labelOr,
  list,
  type OkBody,
  report,
  who,
  yesNo,
} from './csv-columns.ts';

/** The CSV exports of spare parts: catalogue, a part's ledger (the stock card printout), scraps, reports. */

const partColumns: Columns<ItemOf<'listParts'>> = [
  { header: 'export.col.partNumber', value: (p) => p.partNumber },
  { header: 'export.col.name', value: (p) => p.name },
  { header: 'export.col.specification', value: (p) => p.specification },
  { header: 'export.col.maker', value: (p) => p.maker },
  { header: 'export.col.model', value: (p) => p.model },
  {
    header: 'export.col.partCategory',
    value: (p, l) => labelOr(l, `parts.category.${p.category}`, p.category),
  },
  { header: 'export.col.unit', value: (p) => p.unit },
  { header: 'export.col.unitCost', value: (p) => p.unitCost },
  { header: 'export.col.location', value: (p) => p.location },
  { header: 'export.col.lowQuota', value: (p) => p.lowQuota },
  { header: 'export.col.highQuota', value: (p) => p.highQuota },
  { header: 'export.col.onHand', value: (p) => p.stock.onHand },
  { header: 'export.col.stockValue', value: (p) => p.stock.stockValue },
  { header: 'export.col.toRepair', value: (p) => p.stock.toRepair },
  { header: 'export.col.belowLowQuota', value: (p, l) => yesNo(p.belowLowQuota, l) },
  { header: 'export.col.fixedAsset', value: (p, l) => yesNo(p.fixedAsset, l) },
  { header: 'export.col.updatedAt', value: (p) => p.updatedAt },
];

type LedgerRow = ItemOf<'listPartLedger'>;
/** What an entry records besides its figures: destination, supplier, cause, note, as `key: value`. */
const detailsOf = (entry: LedgerRow) =>
  Object.entries(entry.data)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('; ');
const ledgerColumns: Columns<LedgerRow> = [
  { header: 'export.col.seq', value: (e) => e.seq },
  { header: 'export.col.at', value: (e) => e.at },
  { header: 'export.col.ledgerKind', value: (e, l) => labelOr(l, `parts.ledger.${e.kind}`, e.kind) },
  { header: 'export.col.quantity', value: (e) => e.quantity },
  { header: 'export.col.value', value: (e) => e.value },
  { header: 'export.col.toRepair', value: (e) => e.toRepair },
  { header: 'export.col.balanceOnHand', value: (e) => e.balance.onHand },
  { header: 'export.col.balanceValue', value: (e) => e.balance.stockValue },
  {
    header: 'export.col.lots',
    value: (e) =>
      e.allocations?.map((a) => `${a.lotId} ${a.receivedOn} × ${a.quantity} @ ${a.unitCost}`).join('; '),
  },
  { header: 'export.col.details', value: detailsOf },
  { header: 'export.col.by', value: (e) => e.by?.email ?? e.by?.sub },
];

type RequisitionRow = ItemOf<'listRequisitions'>;
const decisionOf = (decision: { decision: string; by: { email?: string; sub?: string } } | undefined) =>
  decision ? `${decision.decision} (${decision.by.email ?? decision.by.sub ?? ''})` : undefined;
const requisitionColumns: Columns<RequisitionRow> = [
  { header: 'export.col.reference', value: (r) => r.reference },
  { header: 'export.col.createdAt', value: (r) => r.createdAt },
  { header: 'export.col.kind', value: (r, l) => labelOr(l, `requisitions.origin.${r.origin}`, r.origin) },
  { header: 'export.col.status', value: (r, l) => labelOr(l, `requisitions.status.${r.status}`, r.status) },
  { header: 'export.col.departmentId', value: (r) => r.departmentId },
  { header: 'export.col.urgent', value: (r, l) => yesNo(r.urgent, l) },
  { header: 'export.col.neededBy', value: (r) => r.neededBy },
  {
    header: 'export.col.items',
    value: (r) => joined(r.lines.map((line) => `${line.partNumber} ${line.name} × ${line.quantity}`)),
  },
  { header: 'export.col.units', value: (r) => r.lines.reduce((sum, line) => sum + line.quantity, 0) },
  { header: 'export.col.receivedUnits', value: (r) => r.lines.reduce((sum, line) => sum + line.received, 0) },
  {
    header: 'export.col.makerChange',
    value: (r, l) =>
      yesNo(
        r.lines.some((line) => line.makerChange),
        l,
      ),
  },
  { header: 'export.col.reason', value: (r) => r.reason },
  { header: 'export.col.requestedBy', value: (r) => r.requestedBy.email ?? r.requestedBy.sub },
  { header: 'export.col.departmentApproval', value: (r) => decisionOf(r.approvals.department) },
  { header: 'export.col.plantApproval', value: (r) => decisionOf(r.approvals.plant) },
  { header: 'export.col.supplier', value: (r) => r.order?.supplier },
  { header: 'export.col.expectedOn', value: (r) => expectedOn(r) },
  { header: 'export.col.delayReports', value: (r) => r.delayReports.length },
  {
    header: 'export.col.lateDelayReports',
    value: (r) => r.delayReports.filter((report) => report.late).length,
  },
  { header: 'export.col.delayReportOverdue', value: (r, l) => yesNo(r.delayReportOverdue !== undefined, l) },
  { header: 'export.col.id', value: (r) => r.id },
];

type ScrapRow = ItemOf<'listScraps'>;
const appraisalOf = (s: ScrapRow, slot: AppraisalSlot, l: Language) => {
  const a = s.appraisals[slot];
  return a
    ? `${translate(l, `scrap.opinion.${a.opinion}`)} (${who({ kind: 'staff', ...a.by }) ?? ''}): ${a.note}`
    : undefined;
};
const scrapColumns: Columns<ScrapRow> = [
  { header: 'export.col.reference', value: (s) => s.reference },
  { header: 'export.col.createdAt', value: (s) => s.createdAt },
  { header: 'export.col.status', value: (s, l) => translate(l, `scrap.status.${s.status}`) },
  { header: 'export.col.scrapRoute', value: (s, l) => translate(l, `scrap.route.${s.route}`) },
  { header: 'export.col.partNumber', value: (s) => s.partNumber },
  { header: 'export.col.name', value: (s) => s.partName },
  { header: 'export.col.units', value: (s) => s.quantity },
  { header: 'export.col.lotId', value: (s) => s.lotId },
  { header: 'export.col.value', value: (s) => s.value },
  { header: 'export.col.bookedValue', value: (s) => s.bookedValue },
  { header: 'export.col.reason', value: (s) => s.reason },
  { header: 'scrap.slot.repairTeam', value: (s, l) => appraisalOf(s, 'repairTeam', l) },
  { header: 'scrap.slot.warehouseKeeper', value: (s, l) => appraisalOf(s, 'warehouseKeeper', l) },
  { header: 'scrap.slot.equipmentOwner', value: (s, l) => appraisalOf(s, 'equipmentOwner', l) },
  {
    header: 'export.col.decision',
    value: (s, l) => (s.decision ? translate(l, `scrap.decision.${s.decision.decision}`) : undefined),
  },
  { header: 'export.col.decisionReason', value: (s) => s.decision?.note },
  { header: 'export.col.decidedBy', value: (s) => s.decision?.by.email ?? s.decision?.by.sub },
  { header: 'export.col.ledgerSeq', value: (s) => s.ledgerSeq },
  { header: 'export.col.requestedBy', value: (s) => s.requestedBy.email ?? s.requestedBy.sub },
  { header: 'export.col.id', value: (s) => s.id },
];

type PartsReportBody = OkBody<'getPartsReport'>;
type PartsReportRow = PartsReportBody['total'] & {
  readonly month: string;
  readonly stockValuedAt?: string | null;
};
const partsReportColumns: Columns<PartsReportRow> = [
  { header: 'export.col.month', value: (r) => r.month },
  ...partsFigureNames.map((name) => ({
    header: `partsReport.figure.${name}` as const,
    value: (r: PartsReportRow) => r[name],
  })),
  { header: 'partsReport.figure.stockValuedAt', value: (r) => r.stockValuedAt },
];

const oldLotFields = [
  'partNumber',
  'name',
  'unit',
  'location',
  'lotId',
  'receivedOn',
  'ageDays',
  'quantity',
  'unitCost',
  'value',
] as const satisfies readonly (keyof ItemOf<'listOldLots'>)[];
const oldLotColumns: Columns<ItemOf<'listOldLots'>> = [
  ...oldLotFields.map((name) => ({
    header: `partsReport.oldLot.${name}` as const,
    value: (lot: ItemOf<'listOldLots'>) => lot[name],
  })),
  {
    header: 'partsReport.oldLot.origin',
    value: (lot, l) => labelOr(l, `parts.origin.${lot.origin}`, lot.origin),
  },
  { header: 'partsReport.oldLot.supplier', value: (lot) => lot.supplier },
];

export const partsCsvExports = {
  listParts: list('parts', partColumns),
  listPartLedger: list('part-ledger', ledgerColumns),
  listRequisitions: list('requisitions', requisitionColumns),
  listScraps: list('scraps', scrapColumns),
  listOldLots: list('old-lots', oldLotColumns),
  getPartsReport: report(
    'parts-report',
    (body: PartsReportBody, language): PartsReportRow[] => [
      ...body.months,
      { ...body.total, month: translate(language, 'export.total') },
    ],
    partsReportColumns,
  ),
};
