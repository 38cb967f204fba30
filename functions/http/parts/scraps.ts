import {
  appraiseScrap,
  decideScrap,
  getScrapDetail,
  listScrapViews,
  requestScrap,
} from '../../../shared/app/scraps.ts';
import type { AreaImplementations } from '../../../shared/http/handler.ts';
import { createdVersioned, ok, okVersioned } from '../../../shared/http/result.ts';
import type { StaffCaller } from '../../../shared/http/roles.ts';
import { versionedStep } from './versioned-step.ts';

/** Scrapping of spare parts (报废): part of the `parts` area. */
export const scrapImplementations = {
  createScrap: async ({ body, caller, now }) => {
    const created = await requestScrap(body, caller as StaffCaller, now);
    return createdVersioned(created, `/v1/scraps/${created.id}`);
  },
  listScraps: async ({ query }) => ok(await listScrapViews(query)),
  getScrap: async ({ params }) => okVersioned(await getScrapDetail(params.id)),
  appraiseScrap: versionedStep(appraiseScrap),
  decideScrap: versionedStep(decideScrap),
} satisfies Partial<AreaImplementations<'parts'>>;
