import { page } from '../../schemas/common.ts';
import {
  issueInput,
  ledgerEntrySchema,
  ledgerQuery,
  movementResult,
  partDetail,
  partInput,
  partListQuery,
  partParams,
  partPatch,
  partSchema,
  receiptInput,
  reconciliationSchema,
  repairInput,
  surplusReturnInput,
  toRepairInput,
  transferInput,
} from '../../schemas/parts.ts';
import type { Role } from '../roles.ts';
import { type RouteDefinition, route, staffAccess } from '../route.ts';

/** Everyone who looks parts up: technicians and Customer Service included. */
export const partReaders: Role[] = [
  'warehouse',
  'department',
  'production',
  'customer-service',
  'office',
  'manager',
  'admin',
];
/** Who keeps the catalogue. */
export const catalogueEditors: Role[] = ['warehouse', 'manager', 'admin'];
/** The warehouse keeper (库管) books receipts, issues, returns and repairs. */
export const stockKeepers: Role[] = ['warehouse', 'manager'];
/** Transfers out of stock need management sign-off. */
export const transferRoles: Role[] = ['manager'];

const ifMatch = [
  {
    name: 'If-Match',
    description: 'The version from GET (ETag); a stale version gets 412.',
  },
];

const moved = {
  201: { description: 'Booked: the ledger entry and the part after it', schema: movementResult },
};
const movementNote =
  " Written in one transaction with the stock card, the lots and the ledger entry (the part's hash chain). " +
  'Send an `Idempotency-Key` header to make retries safe.';

/** Spare parts: catalogue, stock movements, ledger and reconciliation (area `parts`). */
export const partRoutes = {
  createPart: route({
    method: 'POST',
    path: '/v1/parts',
    area: 'parts',
    summary: 'Add a part to the catalogue (备品备件目录)',
    description:
      'Part number, name, specification, maker and model (required for key "three fixed" parts, 三定), unit, ' +
      'standard unit cost, category, drawing (required for non-standard self-made parts), location, low and high ' +
      'reserve quotas (储备定额) and whether it is a fixed asset. An existing part number: 409.',
    access: staffAccess(...catalogueEditors),
    body: partInput,
    responses: { 201: { description: 'Added, with an empty stock card', schema: partSchema } },
  }),
  listParts: route({
    method: 'GET',
    path: '/v1/parts',
    area: 'parts',
    summary: 'The parts catalogue with stock cards, by part number',
    access: staffAccess(...partReaders),
    query: partListQuery,
    responses: { 200: { description: 'A page of parts', schema: page(partSchema) } },
  }),
  getPart: route({
    method: 'GET',
    path: '/v1/parts/{partNumber}',
    area: 'parts',
    summary: 'A part with its stock card and lots (oldest first: the next to issue)',
    description: 'The `ETag` header carries the version for `If-Match`.',
    access: staffAccess(...partReaders),
    params: partParams,
    responses: { 200: { description: 'The part', schema: partDetail } },
  }),
  updatePart: route({
    method: 'PATCH',
    path: '/v1/parts/{partNumber}',
    area: 'parts',
    summary: 'Change catalogue fields',
    description:
      "A key part's maker, model or specification (三定) is changed by management only (403 for others); the " +
      "approver is recorded in the ledger's `updated` entry. High quota below low quota: 422.",
    access: staffAccess(...catalogueEditors),
    headers: ifMatch,
    params: partParams,
    body: partPatch,
    responses: { 200: { description: 'The part after the change', schema: partSchema } },
  }),
  listPartLedger: route({
    method: 'GET',
    path: '/v1/parts/{partNumber}/ledger',
    area: 'parts',
    summary: "A part's ledger (帐): every movement with the balance after it, newest first",
    access: staffAccess(...partReaders),
    params: partParams,
    query: ledgerQuery,
    responses: { 200: { description: 'A page of ledger entries', schema: page(ledgerEntrySchema) } },
  }),
  reconcilePart: route({
    method: 'GET',
    path: '/v1/parts/{partNumber}/reconcile',
    area: 'parts',
    summary: 'Ledger, stock card and lots compared (帐、卡、物相符)',
    description:
      'The units, value and units to repair on the stock card, summed over the ledger and over the lots, the ' +
      "differences if any, and whether the ledger's hash chain verifies. The daily `parts-daily` job runs " +
      'the same check over every part.',
    access: staffAccess('warehouse', 'manager', 'admin'),
    params: partParams,
    responses: { 200: { description: 'The comparison', schema: reconciliationSchema } },
  }),
  receiveParts: route({
    method: 'POST',
    path: '/v1/parts/{partNumber}/receipts',
    area: 'parts',
    summary: 'Receive parts after inspection (验收入库)',
    description:
      'Accepted units become a new lot at their own unit cost. Rejected ones are recorded with the written note ' +
      "returned to the buyer and never enter stock. With `requisitionId` the receipt is that purchase's " +
      'arrival; an urgent one notifies the requester at once.' +
      movementNote,
    access: staffAccess(...stockKeepers),
    params: partParams,
    body: receiptInput,
    idempotent: true,
    responses: moved,
  }),
  issueParts: route({
    method: 'POST',
    path: '/v1/parts/{partNumber}/issues',
    area: 'parts',
    summary: 'Issue parts first in, first out (先进先出) to a repair or a department',
    description:
      'The oldest lots go first; the entry records each lot taken at its cost. More than in stock: 422. When the ' +
      'issue leaves the part at or below its low quota, a reorder proposal up to the high quota is created and ' +
      'the warehouse notified.' +
      movementNote,
    access: staffAccess(...stockKeepers),
    params: partParams,
    body: issueInput,
    idempotent: true,
    responses: moved,
  }),
  returnSurplusParts: route({
    method: 'POST',
    path: '/v1/parts/{partNumber}/surplus-returns',
    area: 'parts',
    summary: 'Return surplus of an issue to stock (余料退库)',
    description:
      'Units of one issue (its ledger `seq`) go back to the lots they came from, at their cost. More than the ' +
      'issue gave out (less earlier returns): 422.' +
      movementNote,
    access: staffAccess(...stockKeepers),
    params: partParams,
    body: surplusReturnInput,
    idempotent: true,
    responses: moved,
  }),
  transferParts: route({
    method: 'POST',
    path: '/v1/parts/{partNumber}/transfers',
    area: 'parts',
    summary: 'Transfer parts out of stock (调拨出库), by management',
    description: `First in, first out, with destination and reason.${movementNote}`,
    access: staffAccess(...transferRoles),
    params: partParams,
    body: transferInput,
    idempotent: true,
    responses: moved,
  }),
  bookPartsToRepair: route({
    method: 'POST',
    path: '/v1/parts/{partNumber}/to-repair',
    area: 'parts',
    summary: 'Book replaced parts back for repair (修旧利废), with the cause',
    description:
      'The units wait for repair outside the stock value. A repair visit books them itself (`partsReplaced` in ' +
      'the visit report).' +
      movementNote,
    access: staffAccess(...stockKeepers),
    params: partParams,
    body: toRepairInput,
    idempotent: true,
    responses: moved,
  }),
  recordPartRepair: route({
    method: 'POST',
    path: '/v1/parts/{partNumber}/repairs',
    area: 'parts',
    summary: 'Record repaired parts (reused lot) or unrepairable ones',
    description:
      'Repaired units return to stock as a reused lot at their repair cost per unit; unrepairable ones leave ' +
      'the repair pool. More than wait for repair: 422.' +
      movementNote,
    access: staffAccess(...stockKeepers),
    params: partParams,
    body: repairInput,
    idempotent: true,
    responses: moved,
  }),
} as const satisfies Record<string, RouteDefinition>;
