import type { IdentityKind } from './identity.entity';

/** `marketer` edits templates and offers, and their slots in templates, with the template rights of `author`. */
export const ROLES = ['admin', 'billing', 'author', 'marketer', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

export interface IdentityView {
  readonly id: string;
  readonly kind: IdentityKind;
  readonly name: string;
  readonly email: string | null;
}

/** Who is calling: resolved from the API key, or the studio session, on every request. */
export interface Principal {
  /** The key acting; for a studio session, the user's sign-in key (`api_keys` of purpose `sign-in`). */
  readonly keyId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** The person or machine the key belongs to: what four-eyes compares. */
  readonly identity: IdentityView;
  /**
   * The identities that issued this key, and the keys that issued theirs, up to
   * the platform: each of them could have kept a copy of it.
   */
  readonly issuedBy: readonly string[];
}

/** `admin` may do anything a role allows; four-eyes checks still apply to admins. */
export function hasAnyRole(principal: Principal, allowed: readonly Role[]): boolean {
  return principal.roles.includes('admin') || principal.roles.some((role) => allowed.includes(role));
}

/**
 * Why `principal` may not approve work authored by the identity `authorId`, or
 * null when it may. Four-eyes binds people, and whoever issues a key could have
 * kept a copy: so not the author with any of their keys, not a key the author
 * issued (directly or through keys issued in turn), not someone who issued a key
 * the author holds (`authorKeyIssuers`), and never a machine. A studio session
 * is the user's person acting through their sign-in, which their inviter
 * "issued": the inviter was handed the invitation link, and whoever accepts a
 * link chooses the password, so an inviter is held apart like a key's issuer.
 */
export function fourEyesRefusal(principal: Principal, authorId: string, authorKeyIssuers: readonly string[]): string | null {
  if (principal.identity.kind === 'machine') return `${principal.identity.name} is a machine, and machines never approve`;
  if (principal.identity.id === authorId) return 'the author cannot approve their own work, with any of their keys';
  if (principal.issuedBy.includes(authorId)) return "the author issued the approving key (or a key above it), so it cannot approve the author's work";
  if (authorKeyIssuers.includes(principal.identity.id)) return 'the approver issued a key the author holds (or a key above it), so could have written as the author';
  return null;
}
