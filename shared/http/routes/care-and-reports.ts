import type { RouteDefinition } from '../route.ts';

/**
 * The key-customer care plan (area `customers`) and the management reports (area `reports`).
 * Part of the route registry (shared/http/routes.ts).
 */
export const careAndReportRoutes = {} as const satisfies Record<string, RouteDefinition>;
