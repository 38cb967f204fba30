import { warrantyLookupResult, warrantyQuery } from '../../schemas/warranty.ts';
import type { Role } from '../roles.ts';
import { publicAccess, type RouteDefinition, route } from '../route.ts';

/** Staff who see any order's warranty with their token (office users: their own office's customers). */
export const warrantyStaffRoles: Role[] = ['customer-service', 'office', 'quality', 'manager', 'admin'];

/** Warranty look-up for staff and customers (area `warranty`). Part of the route registry (shared/http/routes.ts). */
export const warrantyRoutes = {
  lookUpWarranty: route({
    method: 'GET',
    path: '/v1/warranty',
    area: 'warranty',
    summary: 'Warranty of the items of an order (保修查询)',
    description:
      'Every delivered item of the order (and batch, when given) with the last day of its 2-year free repair ' +
      '(2年免费保修, from acceptance, else delivery) and whether a repair today is `free` or `chargeable` ' +
      'lifetime maintenance (终身维护保养): the rule intake uses. Staff (Customer Service, office users for ' +
      "their own office's customers, Quality, managers, admins) send their token. Without one, `phone` or " +
      "`email` must match one of the customer's contacts (trimmed; email case-insensitive; phone compared " +
      'digits only); neither given is `422`. An unknown order, a contact that does not match and another ' +
      "office's order are the same `404`: the answer never says which part was wrong.",
    access: publicAccess(...warrantyStaffRoles),
    query: warrantyQuery,
    responses: {
      200: { description: 'The deliveries and their items', schema: warrantyLookupResult },
      404: {
        description: 'No delivery matches (unknown order, or contact not matching)',
        contentType: 'application/problem+json',
      },
    },
  }),
} as const satisfies Record<string, RouteDefinition>;
