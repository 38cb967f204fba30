import { versionFromIfMatch } from '../../../shared/app/customers.ts';
import {
  approveRequisition,
  cancelRequisition,
  checkStock,
  createRequisition,
  getRequisitionDetail,
  listRequisitionsFor,
  orderRequisition,
  reportPurchaseDelay,
} from '../../../shared/app/requisitions.ts';
import type { AreaImplementations } from '../../../shared/http/handler.ts';
import { ok } from '../../../shared/http/result.ts';
import type { StaffCaller } from '../../../shared/http/roles.ts';
import type { RequisitionView } from '../../../shared/schemas/requisitions.ts';

const etag = (version: number) => ({ ETag: `"${version}"` });
const stepped = (view: RequisitionView) => ok(view, etag(view.version));

/** Requisitions (请购), reorder proposals, purchase and delay reports: part of the `parts` area. */
export const requisitionImplementations = {
  createRequisition: async ({ body, caller, now }) => {
    const created = await createRequisition(body, caller as StaffCaller, now);
    return {
      status: 201,
      body: created,
      headers: { Location: `/v1/requisitions/${created.id}`, ...etag(created.version) },
    };
  },
  listRequisitions: async ({ query, caller }) => ok(await listRequisitionsFor(query, caller as StaffCaller)),
  getRequisition: async ({ params, caller }) => {
    const view = await getRequisitionDetail(params.id, caller as StaffCaller);
    return ok(view, etag(view.version));
  },
  checkRequisitionStock: async ({ params, body, headers, caller, now }) =>
    stepped(
      await checkStock(params.id, body, versionFromIfMatch(headers['if-match']), caller as StaffCaller, now),
    ),
  approveRequisition: async ({ params, body, headers, caller, now }) =>
    stepped(
      await approveRequisition(
        params.id,
        body,
        versionFromIfMatch(headers['if-match']),
        caller as StaffCaller,
        now,
      ),
    ),
  orderRequisition: async ({ params, body, headers, caller, now }) =>
    stepped(
      await orderRequisition(
        params.id,
        body,
        versionFromIfMatch(headers['if-match']),
        caller as StaffCaller,
        now,
      ),
    ),
  reportPurchaseDelay: async ({ params, body, headers, caller, now }) =>
    stepped(
      await reportPurchaseDelay(
        params.id,
        body,
        versionFromIfMatch(headers['if-match']),
        caller as StaffCaller,
        now,
      ),
    ),
  cancelRequisition: async ({ params, body, headers, caller, now }) =>
    stepped(
      await cancelRequisition(
        params.id,
        body,
        versionFromIfMatch(headers['if-match']),
        caller as StaffCaller,
        now,
      ),
    ),
} satisfies Partial<AreaImplementations<'parts'>>;
