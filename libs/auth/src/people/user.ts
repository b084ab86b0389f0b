import type { Role } from '../role';

/** A person who signs in to the studio, as stored (the password hash never leaves the library). */
export interface UserRecord {
  readonly id: string;
  readonly identityId: string;
  /** The `api_keys` row of purpose `sign-in` the user's sessions act through. */
  readonly signInKeyId: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly passwordHash: string;
  readonly disabled: boolean;
  readonly createdAt: Date;
}

/** What the API shows of a user. */
export interface UserView {
  readonly id: string;
  /** The person the platform records as author and approver of versions: the studio tells a person's own versions by it. */
  readonly identityId: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

/** A user as admins list them; the identity is only for the signed-in user to recognise their own versions. */
export interface UserSummary extends Omit<UserView, 'identityId'> {
  readonly createdAt: Date;
  readonly disabled: boolean;
}

/** Who is signed in, and the CSRF token their unsafe requests must carry. */
export interface SignedIn {
  readonly user: UserView;
  readonly csrfToken: string;
}

/** A new session: the token goes into the cookie once and is stored only as its hash. */
export interface StartedSession extends SignedIn {
  readonly sessionToken: string;
}

export function userView(user: UserRecord): UserView {
  return { id: user.id, identityId: user.identityId, email: user.email, name: user.name, roles: user.roles };
}
