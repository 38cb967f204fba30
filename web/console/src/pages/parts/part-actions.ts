import type { z } from 'zod';
import type { Role } from '../../../../../shared/http/roles.ts';
import type { RouteDefinition } from '../../../../../shared/http/route.ts';
import { routes } from '../../../../../shared/http/routes.ts';
import { repairInput } from '../../../../../shared/schemas/parts.ts';
import { rolesOf } from '../../access.ts';
import { optionOf } from '../../forms/fields.ts';
import type { PartView } from './types.ts';

/**
 * The part page's forms: the stock movements and the catalogue change, named as their routes (a
 * repair's two outcomes apart). The key is also the forms' scope of labels and hints.
 */
export const partActionKeys = [
  'receiveParts',
  'issueParts',
  'returnSurplusParts',
  'bookPartsToRepair',
  'repairedParts',
  'unrepairableParts',
  'transferParts',
  'updatePart',
] as const;
export type PartActionKey = (typeof partActionKeys)[number];

export interface PartActionSpec {
  readonly key: PartActionKey;
  readonly route: RouteDefinition;
  /** The body when it is one option of the route's union (a repair's outcome). */
  readonly schema?: z.ZodType;
}

const repairOption = (outcome: 'repaired' | 'unrepairable') => {
  const schema = optionOf(repairInput.options, 'outcome', outcome);
  return schema ? { schema } : {};
};

const specs: readonly PartActionSpec[] = [
  { key: 'receiveParts', route: routes.receiveParts },
  { key: 'issueParts', route: routes.issueParts },
  { key: 'returnSurplusParts', route: routes.returnSurplusParts },
  { key: 'bookPartsToRepair', route: routes.bookPartsToRepair },
  { key: 'repairedParts', route: routes.recordPartRepair, ...repairOption('repaired') },
  { key: 'unrepairableParts', route: routes.recordPartRepair, ...repairOption('unrepairable') },
  { key: 'transferParts', route: routes.transferParts },
  { key: 'updatePart', route: routes.updatePart },
];

/** Movements that take units out of stock: offered only while there are some. */
const needsStock: readonly PartActionKey[] = ['issueParts', 'transferParts'];
/** Repairs: offered only while replaced units wait for repair. */
const needsRepairPool: readonly PartActionKey[] = ['repairedParts', 'unrepairableParts'];

/**
 * The forms a user with `roles` is offered on `part`: the routes' own access lists decide (the
 * API checks the same), and a movement that cannot apply to the stock as it stands is left out.
 */
export function partActionsFor(roles: readonly Role[], part: Pick<PartView, 'stock'>): PartActionSpec[] {
  return specs.filter((spec) => {
    if (!rolesOf(spec.route).some((role) => roles.includes(role))) return false;
    if (needsStock.includes(spec.key)) return part.stock.onHand > 0;
    if (needsRepairPool.includes(spec.key)) return part.stock.toRepair > 0;
    return true;
  });
}
