import { z } from 'zod';
import { appraisalSlots, type ScrapDecision, slotRoles } from '../../../../../shared/domain/scrap.ts';
import type { Role } from '../../../../../shared/http/roles.ts';
import type { RouteDefinition } from '../../../../../shared/http/route.ts';
import { routes } from '../../../../../shared/http/routes.ts';
import { appraisalInput, decisionInput } from '../../../../../shared/schemas/scraps.ts';
import { rolesOf } from '../../access.ts';
import type { ScrapView } from './types.ts';

export interface ScrapActionSpec {
  /** `appraise.<slot>`, `approveScrap`, `rejectScrap`: the label's key and the form's scope. */
  readonly key: string;
  readonly route: RouteDefinition;
  readonly schema: z.ZodType;
}

const decision = (value: ScrapDecision): ScrapActionSpec => ({
  key: value === 'approve' ? 'approveScrap' : 'rejectScrap',
  route: routes.decideScrap,
  schema: decisionInput.extend({ decision: z.literal(value) }),
});

/**
 * The forms a user with `roles` is offered on a scrap request: an appraisal for each open slot
 * their role fills (its `slot` fixed), or management's approval or rejection. From the request's
 * `availableActions`; the API still decides (one person, one slot; no appraiser decides).
 */
export function scrapActionsFor(
  view: Pick<ScrapView, 'availableActions' | 'appraisals'>,
  roles: readonly Role[],
): ScrapActionSpec[] {
  const may = (route: RouteDefinition) => rolesOf(route).some((role) => roles.includes(role));
  return view.availableActions.flatMap((action): ScrapActionSpec[] => {
    if (action === 'appraise') {
      return appraisalSlots
        .filter((slot) => view.appraisals[slot] === undefined && roles.includes(slotRoles[slot]))
        .map((slot) => ({
          key: `appraise.${slot}`,
          route: routes.appraiseScrap,
          schema: appraisalInput.extend({ slot: z.literal(slot) }),
        }));
    }
    const spec = decision(action);
    return may(spec.route) ? [spec] : [];
  });
}
