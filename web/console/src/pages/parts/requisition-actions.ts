import { z } from 'zod';
import type { ApprovalLevel, RequisitionAction } from '../../../../../shared/domain/requisition.ts';
import type { Role } from '../../../../../shared/http/roles.ts';
import type { RouteDefinition } from '../../../../../shared/http/route.ts';
import { routes } from '../../../../../shared/http/routes.ts';
import { approvalInput } from '../../../../../shared/schemas/requisitions.ts';
import { rolesOf } from '../../access.ts';
import type { RequisitionView } from './types.ts';

/** Who decides each approval level (shared/app/requisitions.ts `approveRequisition`). */
export const levelRoles: Readonly<Record<ApprovalLevel, Role>> = {
  department: 'department',
  plant: 'manager',
};

/** The steps of a requisition as forms: the approval once per level (its `level` fixed). */
export type RequisitionActionKey =
  | 'checkRequisitionStock'
  | 'approveDepartment'
  | 'approvePlant'
  | 'orderRequisition'
  | 'reportPurchaseDelay'
  | 'cancelRequisition';

export interface RequisitionActionSpec {
  readonly key: RequisitionActionKey;
  readonly route: RouteDefinition;
  readonly schema?: z.ZodType;
}

/** Who is looking: their roles and, for department users, their department. */
export interface Viewer {
  readonly roles: readonly Role[];
  readonly departmentId?: string | undefined;
}

const single: Readonly<Record<Exclude<RequisitionAction, 'approve'>, RequisitionActionSpec>> = {
  stockCheck: { key: 'checkRequisitionStock', route: routes.checkRequisitionStock },
  order: { key: 'orderRequisition', route: routes.orderRequisition },
  reportDelay: { key: 'reportPurchaseDelay', route: routes.reportPurchaseDelay },
  cancel: { key: 'cancelRequisition', route: routes.cancelRequisition },
};

/**
 * One level's approval form: `level` fixed (not shown), and the maker change (三定) asked only of
 * plant management on a requisition that proposes one.
 */
export function approvalSchema(level: ApprovalLevel, proposesMakerChange: boolean): z.ZodType {
  const fixed = approvalInput.extend({ level: z.literal(level) });
  return level === 'plant' && proposesMakerChange ? fixed : fixed.omit({ makerChange: true });
}

/**
 * The forms `viewer` is offered on a requisition: its legal next steps (`availableActions`) that
 * the viewer's roles may take. An approval is offered per level not decided yet, to the role of
 * that level (department heads: their own department's only); the API still decides.
 */
export function requisitionActionsFor(
  view: Pick<RequisitionView, 'availableActions' | 'approvals' | 'lines' | 'departmentId'>,
  viewer: Viewer,
): RequisitionActionSpec[] {
  const may = (route: RouteDefinition) => rolesOf(route).some((role) => viewer.roles.includes(role));
  return view.availableActions.flatMap((action): RequisitionActionSpec[] => {
    if (action !== 'approve') {
      const spec = single[action];
      return may(spec.route) ? [spec] : [];
    }
    const changing = view.lines.some((line) => line.makerChange);
    return (['department', 'plant'] as const)
      .filter((level) => view.approvals[level] === undefined && viewer.roles.includes(levelRoles[level]))
      .filter((level) => level !== 'department' || viewer.departmentId === view.departmentId)
      .map((level) => ({
        key: level === 'department' ? 'approveDepartment' : 'approvePlant',
        route: routes.approveRequisition,
        schema: approvalSchema(level, changing),
      }));
  });
}
