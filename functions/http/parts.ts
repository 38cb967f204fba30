import { versionFromIfMatch } from '../../shared/app/customers.ts';
import {
  createPart,
  getPartDetail,
  ledgerEntryView,
  listLedger,
  listPartViews,
  partView,
  reconcilePart,
  updatePart,
} from '../../shared/app/parts.ts';
import {
  bookToRepair,
  issueParts,
  receiveParts,
  recordRepair,
  returnSurplus,
  transferParts,
} from '../../shared/app/stock-movements.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { etag, ok } from '../../shared/http/result.ts';
import type { StaffCaller } from '../../shared/http/roles.ts';
import { requisitionImplementations } from './parts/requisitions.ts';
import { scrapImplementations } from './parts/scraps.ts';

/** A booked movement: 201 with its ledger entry and the part after it. */
const booked = (moved: Awaited<ReturnType<typeof issueParts>>) => ({
  status: 201,
  body: { entry: ledgerEntryView(moved.event), part: partView(moved.after) },
  headers: etag(moved.after.part.version),
});

/**
 * Spare parts (area `parts`, one function): catalogue, stock movements, ledger and reconciliation
 * here; requisitions and scraps in functions/http/parts/.
 */
export const handler = areaHandler('parts', {
  ...requisitionImplementations,
  ...scrapImplementations,
  createPart: async ({ body, caller, now }) => {
    const part = await createPart(body, caller as StaffCaller, now);
    return {
      status: 201,
      body: part,
      headers: { Location: `/v1/parts/${part.partNumber}`, ...etag(part.version) },
    };
  },
  listParts: async ({ query }) => ok(await listPartViews(query)),
  getPart: async ({ params }) => {
    const part = await getPartDetail(params.partNumber);
    return ok(part, etag(part.version));
  },
  updatePart: async ({ params, body, headers, caller, now }) => {
    const part = await updatePart(
      params.partNumber,
      body,
      versionFromIfMatch(headers['if-match']),
      caller as StaffCaller,
      now,
    );
    return ok(part, etag(part.version));
  },
  listPartLedger: async ({ params, query }) => ok(await listLedger(params.partNumber, query)),
  reconcilePart: async ({ params, now }) => ok(await reconcilePart(params.partNumber, now)),
  receiveParts: async ({ params, body, caller, now }) =>
    booked(await receiveParts(params.partNumber, body, { caller: caller as StaffCaller, now })),
  issueParts: async ({ params, body, caller, now }) =>
    booked(await issueParts(params.partNumber, body, { caller: caller as StaffCaller, now })),
  returnSurplusParts: async ({ params, body, caller, now }) =>
    booked(await returnSurplus(params.partNumber, body, { caller: caller as StaffCaller, now })),
  transferParts: async ({ params, body, caller, now }) =>
    booked(await transferParts(params.partNumber, body, { caller: caller as StaffCaller, now })),
  bookPartsToRepair: async ({ params, body, caller, now }) =>
    booked(await bookToRepair(params.partNumber, body, { caller: caller as StaffCaller, now })),
  recordPartRepair: async ({ params, body, caller, now }) =>
    booked(await recordRepair(params.partNumber, body, { caller: caller as StaffCaller, now })),
});
