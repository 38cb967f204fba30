import { versionFromIfMatch } from '../../shared/app/customers.ts';
import { getReturnDetail, listReturnsFor, submitReturn, transitionReturn } from '../../shared/app/returns.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { etag, ok } from '../../shared/http/result.ts';
import type { StaffCaller } from '../../shared/http/roles.ts';

/** Returns and exchanges (RMA) through regional offices (area `returns`). */
export const handler = areaHandler('returns', {
  createReturn: async ({ body, caller, now, language }) => {
    const created = await submitReturn(body, caller as StaffCaller, now, language);
    return {
      status: 201,
      body: created,
      headers: { Location: `/v1/returns/${created.id}`, ...etag(created.version) },
    };
  },
  listReturns: async ({ query, caller }) => ok(await listReturnsFor(query, caller as StaffCaller)),
  getReturn: async ({ params, caller }) => {
    const view = await getReturnDetail(params.id, caller as StaffCaller);
    return ok(view, etag(view.version));
  },
  transitionReturn: async ({ params, body, headers, caller, now }) => {
    const updated = await transitionReturn(
      params.id,
      body,
      versionFromIfMatch(headers['if-match']),
      caller as StaffCaller,
      now,
    );
    return ok(updated, etag(updated.version));
  },
});
