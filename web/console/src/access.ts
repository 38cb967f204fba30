import type { Role } from '../../../shared/http/roles.ts';
import type { RouteDefinition } from '../../../shared/http/route.ts';
import { currentSession } from './session.ts';

/**
 * Who may call a route, from the route registry (shared/http/routes.ts): the console shows a page
 * or an action only to roles the API lets through. The API stays the authority: a 403 it sends
 * is shown as such.
 */
export const rolesOf = (route: Pick<RouteDefinition, 'access'>): readonly Role[] =>
  route.access.kind === 'staff' ? route.access.roles : (route.access.staffRoles ?? []);

/** True when the signed-in user has one of `roles`. */
export function hasRole(roles: readonly Role[]): boolean {
  const session = currentSession();
  return session?.roles.some((role) => roles.includes(role)) ?? false;
}

/** True when the signed-in user may call `route`. */
export const mayCall = (route: Pick<RouteDefinition, 'access'>): boolean => hasRole(rolesOf(route));
