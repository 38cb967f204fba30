import { lookUpWarranty } from '../../shared/app/warranty-lookup.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { ok } from '../../shared/http/result.ts';

/** Warranty look-up for staff and customers (area `warranty`). */
export const handler = areaHandler('warranty', {
  lookUpWarranty: async ({ query, caller, language, now }) =>
    ok(await lookUpWarranty(query, caller, language, now), { 'Cache-Control': 'no-store' }),
});
