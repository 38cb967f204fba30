import { returnActorRoles, returnSubmitterRoles } from '../../domain/returns.ts';
import { idParams } from '../../schemas/cases.ts';
import { page } from '../../schemas/common.ts';
import {
  returnDetail,
  returnInput,
  returnListQuery,
  returnSchema,
  returnTransition,
} from '../../schemas/returns.ts';
import { type RouteDefinition, route, staffAccess } from '../route.ts';

const readers = [...returnActorRoles];
const ifMatch = [
  {
    name: 'If-Match',
    description:
      'The version from GET (ETag); a stale version gets 412. Without it a concurrent change gets 409.',
  },
];

/** Returns and exchanges (RMA) through regional offices (area `returns`). Part of the route registry (shared/http/routes.ts). */
export const returnRoutes = {
  createReturn: route({
    method: 'POST',
    path: '/v1/returns',
    area: 'returns',
    summary: 'Submit a return or exchange (退货/换货)',
    description:
      "Office users submit for their own office's customers (another office's customer: 404). Name the " +
      'delivery by `deliveryId`, or by `orderRef` and `batch`. Of each product at most what was delivered ' +
      'minus what requests that are not rejected already return (422 naming the line otherwise). ' +
      'Send an `Idempotency-Key` header to make retries safe.',
    access: staffAccess(...returnSubmitterRoles),
    body: returnInput,
    idempotent: true,
    responses: { 201: { description: 'Submitted', schema: returnSchema } },
  }),
  listReturns: route({
    method: 'GET',
    path: '/v1/returns',
    area: 'returns',
    summary: 'List returns and exchanges, newest first',
    description: 'Office users see only their own office (asking for another office: 403).',
    access: staffAccess(...readers),
    query: returnListQuery,
    responses: { 200: { description: 'A page of returns', schema: page(returnSchema) } },
  }),
  getReturn: route({
    method: 'GET',
    path: '/v1/returns/{id}',
    area: 'returns',
    summary: 'A return or exchange with its audit timeline',
    description:
      "Another office's request is 404 for office users. The `ETag` header carries the version for `If-Match`.",
    access: staffAccess(...readers),
    params: idParams,
    responses: { 200: { description: 'The return', schema: returnDetail } },
  }),
  transitionReturn: route({
    method: 'POST',
    path: '/v1/returns/{id}/transitions',
    area: 'returns',
    summary: 'Take the next step: approve, reject, receive, inspect, ship replacement, record refund, close',
    description:
      'Head office (customer-service, manager, admin) approves or rejects with a reason; head office or ' +
      "the request's office records receipt, inspection, the replacement shipped (exchange) or the refund " +
      '(return), and closes it. A step the state model does not allow from the current status: 409. ' +
      'A rejection frees the quantities for later requests. Every step is audited.',
    access: staffAccess(...readers),
    headers: ifMatch,
    params: idParams,
    body: returnTransition,
    responses: { 200: { description: 'The return after the step', schema: returnSchema } },
  }),
} as const satisfies Record<string, RouteDefinition>;
