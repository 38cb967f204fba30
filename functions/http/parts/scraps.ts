import { versionFromIfMatch } from '../../../shared/app/customers.ts';
import {
  appraiseScrap,
  decideScrap,
  getScrapDetail,
  listScrapViews,
  requestScrap,
} from '../../../shared/app/scraps.ts';
import type { AreaImplementations } from '../../../shared/http/handler.ts';
import { ok } from '../../../shared/http/result.ts';
import type { StaffCaller } from '../../../shared/http/roles.ts';

const etag = (version: number) => ({ ETag: `"${version}"` });

/** Scrapping of spare parts (报废): part of the `parts` area. */
export const scrapImplementations = {
  createScrap: async ({ body, caller, now }) => {
    const created = await requestScrap(body, caller as StaffCaller, now);
    return {
      status: 201,
      body: created,
      headers: { Location: `/v1/scraps/${created.id}`, ...etag(created.version) },
    };
  },
  listScraps: async ({ query }) => ok(await listScrapViews(query)),
  getScrap: async ({ params }) => {
    const view = await getScrapDetail(params.id);
    return ok(view, etag(view.version));
  },
  appraiseScrap: async ({ params, body, headers, caller, now }) => {
    const view = await appraiseScrap(
      params.id,
      body,
      versionFromIfMatch(headers['if-match']),
      caller as StaffCaller,
      now,
    );
    return ok(view, etag(view.version));
  },
  decideScrap: async ({ params, body, headers, caller, now }) => {
    const view = await decideScrap(
      params.id,
      body,
      versionFromIfMatch(headers['if-match']),
      caller as StaffCaller,
      now,
    );
    return ok(view, etag(view.version));
  },
} satisfies Partial<AreaImplementations<'parts'>>;
