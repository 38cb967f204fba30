import { appraiserRoles, deciderRoles, requesterRoles, scrapReaderRoles } from '../../domain/scrap.ts';
import { idParams } from '../../schemas/cases.ts';
import { page } from '../../schemas/common.ts';
import {
  appraisalInput,
  decisionInput,
  scrapDetail,
  scrapInput,
  scrapListQuery,
  scrapSchema,
} from '../../schemas/scraps.ts';
import { type RouteDefinition, route, staffAccess } from '../route.ts';

const ifMatch = [
  {
    name: 'If-Match',
    description:
      'The version from GET (ETag); a stale version gets 412. Without it a concurrent change gets 409.',
  },
];

/** Scrapping of spare parts (报废, area `parts`). Part of the route registry (shared/http/routes.ts). */
export const scrapRoutes = {
  createScrap: route({
    method: 'POST',
    path: '/v1/scraps',
    area: 'parts',
    summary: 'Request to scrap spare parts (报废)',
    description:
      'The units are valued at their lot costs: of `lotId` when given, else the oldest lots first. At or ' +
      'under 200.00 CNY the warehouse scraps them at once (status `scrapped`; the `scrap` movement is in the ' +
      "part's ledger, written in the same transaction). Over 200.00 CNY the request waits for three " +
      'appraisals and management approval (status `appraising`); nothing leaves stock yet. A part not in ' +
      'the catalogue, or a fixed asset (code `fixed_asset`: 固定资产报废按固定资产管理程序办理): 422 on ' +
      '`partNumber`; a lot not in stock: 422 on `lotId`; too few units: 422 on `quantity`. ' +
      'Send an `Idempotency-Key` header to make retries safe.',
    access: staffAccess(...requesterRoles),
    body: scrapInput,
    idempotent: true,
    responses: { 201: { description: 'Requested (or scrapped at once)', schema: scrapSchema } },
  }),
  listScraps: route({
    method: 'GET',
    path: '/v1/scraps',
    area: 'parts',
    summary: 'List scrap requests, newest first',
    description:
      'Filter by `status` and `partNumber`. A filtered page may hold fewer items; follow the cursor.',
    access: staffAccess(...scrapReaderRoles),
    query: scrapListQuery,
    responses: { 200: { description: 'A page of scrap requests', schema: page(scrapSchema) } },
  }),
  getScrap: route({
    method: 'GET',
    path: '/v1/scraps/{id}',
    area: 'parts',
    summary: 'A scrap request with its appraisals, decision and audit timeline',
    description: 'The `ETag` header carries the version for `If-Match`.',
    access: staffAccess(...scrapReaderRoles),
    params: idParams,
    responses: { 200: { description: 'The scrap request', schema: scrapDetail } },
  }),
  appraiseScrap: route({
    method: 'POST',
    path: '/v1/scraps/{id}/appraisals',
    area: 'parts',
    summary: 'Give one of the three appraisals (技术鉴定)',
    description:
      'Slots and their roles: `repairTeam` (维修班组) production, `warehouseKeeper` (库管) warehouse, ' +
      '`equipmentOwner` (设备使用部门) department; another role: 403. Only while `appraising`; a slot given ' +
      'already, or a person who gave another slot: 409. An opinion of `keep` is recorded and management ' +
      'decides with it in view (approving against it needs a note). The third appraisal moves the request ' +
      'to `awaitingApproval` and notifies management.',
    access: staffAccess(...appraiserRoles),
    headers: ifMatch,
    params: idParams,
    body: appraisalInput,
    responses: { 200: { description: 'The request after the appraisal', schema: scrapSchema } },
  }),
  decideScrap: route({
    method: 'POST',
    path: '/v1/scraps/{id}/decision',
    area: 'parts',
    summary: 'Approve or reject a scrap after its three appraisals (management)',
    description:
      'Only in `awaitingApproval` (409 before the three appraisals: one approver alone never scraps). An ' +
      'appraiser of the request cannot decide it (409). Approving against a `keep` opinion needs a `note` ' +
      "(422). An approval books the `scrap` movement in the part's ledger in the same transaction, from " +
      'the lots as they stand then (`bookedValue` may differ from the appraised `value`); units no longer ' +
      'in stock: 409 and nothing written. A rejection leaves the stock as it is.',
    access: staffAccess(...deciderRoles),
    headers: ifMatch,
    params: idParams,
    body: decisionInput,
    responses: { 200: { description: 'The request after the decision', schema: scrapSchema } },
  }),
} as const satisfies Record<string, RouteDefinition>;
