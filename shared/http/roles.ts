/** Staff groups (Cognito user pool groups in AWS, local sign-in roles in `npm start`). */
export const roles = [
  'customer-service',
  'quality',
  'production',
  'department',
  'warehouse',
  'office',
  'manager',
  'admin',
] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

/** Who is calling: nobody in particular (public forms), a staff member, or the system itself. */
export type Caller =
  | { readonly kind: 'public' }
  | {
      readonly kind: 'staff';
      readonly sub: string;
      readonly email?: string;
      readonly roles: readonly Role[];
      /** For `department` users: the department whose records they see. */
      readonly departmentId?: string;
      /** For `office` users: the regional office (办事处) whose records they see. */
      readonly officeId?: string;
    };
export type StaffCaller = Extract<Caller, { kind: 'staff' }>;

export const publicCaller: Caller = { kind: 'public' };

export const hasAnyRole = (caller: Caller, allowed: readonly Role[]): caller is StaffCaller =>
  caller.kind === 'staff' && caller.roles.some((role) => allowed.includes(role));

/**
 * The office an office-only user is confined to (their own; '' when their token names
 * none, which matches nothing); undefined for every other staff member, who sees all.
 */
export const officeScope = (caller: StaffCaller): string | undefined =>
  caller.roles.every((role) => role === 'office') ? (caller.officeId ?? '') : undefined;

/** True when the caller may see records of `officeId`. */
export function canSeeOffice(caller: StaffCaller, officeId: string | undefined): boolean {
  const scope = officeScope(caller);
  return scope === undefined || (officeId !== undefined && officeId === scope);
}
