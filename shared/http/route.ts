import type { z } from 'zod';
import type { Role } from './roles.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The Lambda function (one per area) that serves a route. */
export const areas = [
  'intake',
  'cases',
  'complaints',
  'tasks',
  'customers',
  'feedback',
  'reports',
  'service',
  'returns',
  'offices',
  'warranty',
  'inquiries',
  'dossier',
  'parts',
  'docs',
] as const;
export type Area = (typeof areas)[number];

/**
 * Who may call a route:
 * - `public`: anyone; no authorizer in API Gateway;
 * - `staff`: a signed-in user in one of `roles` (Cognito authorizer in AWS);
 * - `public` with `staffRoles`: anyone, and a staff token of those roles unlocks
 *   staff-only fields (Customer Service recording a phone complaint).
 */
export type Access =
  | { readonly kind: 'public'; readonly staffRoles?: readonly Role[] }
  | { readonly kind: 'staff'; readonly roles: readonly Role[] };

export interface ResponseDefinition {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Defaults to application/json. */
  readonly contentType?: string;
}

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  readonly path: `/${string}`;
  readonly area: Area;
  readonly summary: string;
  readonly description?: string;
  readonly access: Access;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /**
   * `ignored`: the body is not read whatever its type (size still limited): RFC 8058 one-click
   * unsubscribe, where mail clients POST `List-Unsubscribe=One-Click` as a form. Default: JSON.
   */
  readonly requestBody?: 'json' | 'ignored';
  readonly responses: Readonly<Record<number, ResponseDefinition>>;
  /** Honours the `Idempotency-Key` header (same key + body -> same response, one record). */
  readonly idempotent?: boolean;
  /** Request headers the route reads, for the API documents (Idempotency-Key is added by `idempotent`). */
  readonly headers?: readonly { readonly name: string; readonly description: string }[];
}

export const route = <const R extends RouteDefinition>(definition: R): R => definition;

export const publicAccess = (...staffRoles: Role[]): Access =>
  staffRoles.length > 0 ? { kind: 'public', staffRoles } : { kind: 'public' };
export const staffAccess = (...roles: Role[]): Access => ({ kind: 'staff', roles });
