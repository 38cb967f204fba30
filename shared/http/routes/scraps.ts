import type { RouteDefinition } from '../route.ts';

/** STUB: filled in with the scraps. */
export const scrapRoutes = {} as const satisfies Record<string, RouteDefinition>;
