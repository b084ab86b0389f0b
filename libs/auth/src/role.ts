export const ROLES = ['admin', 'billing', 'author', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved from the API key on every request. */
export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

/** `admin` may do anything a role allows; four-eyes checks still apply to admins. */
export function hasAnyRole(principal: Principal, allowed: readonly Role[]): boolean {
  return principal.roles.includes('admin') || principal.roles.some((role) => allowed.includes(role));
}
