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
import { createdVersioned, ok, okVersioned } from '../../../shared/http/result.ts';
import type { StaffCaller } from '../../../shared/http/roles.ts';
import { versionedStep } from './versioned-step.ts';

/** Requisitions (请购), reorder proposals, purchase and delay reports: part of the `parts` area. */
export const requisitionImplementations = {
  createRequisition: async ({ body, caller, now }) => {
    const created = await createRequisition(body, caller as StaffCaller, now);
    return createdVersioned(created, `/v1/requisitions/${created.id}`);
  },
  listRequisitions: async ({ query, caller }) => ok(await listRequisitionsFor(query, caller as StaffCaller)),
  getRequisition: async ({ params, caller }) =>
    okVersioned(await getRequisitionDetail(params.id, caller as StaffCaller)),
  checkRequisitionStock: versionedStep(checkStock),
  approveRequisition: versionedStep(approveRequisition),
  orderRequisition: versionedStep(orderRequisition),
  reportPurchaseDelay: versionedStep(reportPurchaseDelay),
  cancelRequisition: versionedStep(cancelRequisition),
} satisfies Partial<AreaImplementations<'parts'>>;
