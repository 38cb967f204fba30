import type { RouteDefinition } from '../route.ts';

/**
 * Customers' answers through signed links (area `feedback`, public): surveys, follow-ups,
 * unsubscribe. Part of the route registry (shared/http/routes.ts).
 */
export const feedbackRoutes = {} as const satisfies Record<string, RouteDefinition>;
