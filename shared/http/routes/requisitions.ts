import { idParams } from '../../schemas/cases.ts';
import { page } from '../../schemas/common.ts';
import {
  approvalInput,
  cancelInput,
  delayReportInput,
  orderInput,
  requisitionDetail,
  requisitionInput,
  requisitionListQuery,
  requisitionSchema,
  stockCheckInput,
} from '../../schemas/requisitions.ts';
import type { Role } from '../roles.ts';
import { type RouteDefinition, route, staffAccess } from '../route.ts';

/** Who reads requisitions: department users their own department's only. */
export const requisitionReaders: Role[] = ['warehouse', 'department', 'manager', 'admin'];
/** Who buys: the warehouse keeper (buyer) and management. */
const buyers: Role[] = ['warehouse', 'manager'];

const ifMatch = [
  {
    name: 'If-Match',
    description:
      'The version from GET (ETag); a stale version gets 412. Without it a concurrent change gets 409.',
  },
];
const changed = { 200: { description: 'The requisition after the step', schema: requisitionSchema } };
const audited = " Every step is audited (the requisition's hash chain, in its `timeline`).";

/** Requisitions (请购) and reorder proposals: approvals, purchase and delay reports (area `parts`). */
export const requisitionRoutes = {
  createRequisition: route({
    method: 'POST',
    path: '/v1/requisitions',
    area: 'parts',
    summary: 'Request parts beyond the reserve quota (请购)',
    description:
      'A department user requests for their own department (another one: 403); the warehouse names the ' +
      'department. Lines: 1 to 20, each part once and in the catalogue (422 naming `lines.<i>.partNumber`). ' +
      "A key part line naming another maker or model than the catalogue's is a maker change (三定), for plant " +
      'management to approve. Next: the warehouse keeper checks the stock. Send an `Idempotency-Key` header ' +
      'to make retries safe.',
    access: staffAccess('department', 'warehouse'),
    body: requisitionInput,
    idempotent: true,
    responses: { 201: { description: 'Awaiting the stock check', schema: requisitionSchema } },
  }),
  listRequisitions: route({
    method: 'GET',
    path: '/v1/requisitions',
    area: 'parts',
    summary: 'List requisitions and reorder proposals, newest first',
    description: 'Department users see only their own department (asking for another: 403).',
    access: staffAccess(...requisitionReaders),
    query: requisitionListQuery,
    responses: { 200: { description: 'A page of requisitions', schema: page(requisitionSchema) } },
  }),
  getRequisition: route({
    method: 'GET',
    path: '/v1/requisitions/{id}',
    area: 'parts',
    summary: 'A requisition with its audit timeline',
    description:
      "Another department's requisition is 404 for department users. The `ETag` header carries the version " +
      'for `If-Match`.',
    access: staffAccess(...requisitionReaders),
    params: idParams,
    responses: { 200: { description: 'The requisition', schema: requisitionDetail } },
  }),
  checkRequisitionStock: route({
    method: 'POST',
    path: '/v1/requisitions/{id}/stock-check',
    area: 'parts',
    summary: 'Check the stock of a requisition (库管核对库存)',
    description:
      "The warehouse keeper records each line's units in stock now; the requisition then awaits its two " +
      `approvals. Only from awaitingStockCheck (409 otherwise).${audited}`,
    access: staffAccess('warehouse'),
    headers: ifMatch,
    params: idParams,
    body: stockCheckInput,
    responses: changed,
  }),
  approveRequisition: route({
    method: 'POST',
    path: '/v1/requisitions/{id}/approvals',
    area: 'parts',
    summary: 'Approve or reject at the department or plant level',
    description:
      "`department`: the head of the requisition's own department (role department); `plant`: plant " +
      'management (role manager); anyone else 403. Each level decides once (409), only after the stock check ' +
      '(409), and never the same person at both levels (409). A reject rejects the requisition; the second ' +
      "approval approves it. When a line changes a key part's maker or model, the plant level states " +
      '`makerChange` (422 when missing, or when given otherwise); approving with the change `rejected` is 422: ' +
      `reject the requisition instead.${audited}`,
    access: staffAccess('department', 'manager'),
    headers: ifMatch,
    params: idParams,
    body: approvalInput,
    responses: changed,
  }),
  orderRequisition: route({
    method: 'POST',
    path: '/v1/requisitions/{id}/order',
    area: 'parts',
    summary: 'Order (buy) an approved requisition or a reorder proposal',
    description:
      'No purchase without both approvals (409, nothing written). A reorder proposal buys within the quota ' +
      `and is ordered as proposed. \`expectedOn\` is not in the past.${audited}`,
    access: staffAccess(...buyers),
    headers: ifMatch,
    params: idParams,
    body: orderInput,
    responses: changed,
  }),
  reportPurchaseDelay: route({
    method: 'POST',
    path: '/v1/requisitions/{id}/delay-reports',
    area: 'parts',
    summary: 'Report in writing that a purchase will be late (书面报告)',
    description:
      'Only for an ordered requisition (409 otherwise). Due within 3 days of learning of the delay: a report ' +
      'made more than 3 calendar days (Asia/Shanghai) after `learnedOn` is marked `late`. Clears the daily ' +
      `job's overdue flag.${audited}`,
    access: staffAccess(...buyers),
    headers: ifMatch,
    params: idParams,
    body: delayReportInput,
    responses: changed,
  }),
  cancelRequisition: route({
    method: 'POST',
    path: '/v1/requisitions/{id}/cancel',
    area: 'parts',
    summary: 'Cancel a requisition or reorder proposal',
    description:
      'Not once final, nor a purchase of which parts have arrived (409). Department users cancel their own ' +
      "department's only before approval (403 after). A cancelled reorder proposal frees its part for the " +
      `next proposal.${audited}`,
    access: staffAccess(...buyers, 'department'),
    headers: ifMatch,
    params: idParams,
    body: cancelInput,
    responses: changed,
  }),
} as const satisfies Record<string, RouteDefinition>;
