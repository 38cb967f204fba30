import type { RouteDefinition } from '../route.ts';

/** STUB: filled in with the requisitions. */
export const requisitionRoutes = {} as const satisfies Record<string, RouteDefinition>;
