import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Shortest and longest password accepted, in characters (code points). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * scrypt's cost, kept in each stored hash so a stronger setting later only
 * rehashes a password when its owner next signs in. N = 2^15, r = 8 takes
 * 32 MiB and about 100 ms a check: cheap for one sign-in, dear for guessing.
 */
const CURRENT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const FORMAT = 'scrypt';

interface Parameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** Why the password is refused, or null when it meets the policy. */
export function passwordPolicyRefusal(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}

/** `scrypt$N$r$p$salt$hash` (base64url), with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, CURRENT);
  return [FORMAT, CURRENT.N, CURRENT.r, CURRENT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Whether the password matches the stored hash, compared in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.parameters, parsed.hash.length);
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

/** Whether the stored hash was made with other parameters than today's (so it is redone at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.parameters.N !== CURRENT.N || parsed.parameters.r !== CURRENT.r || parsed.parameters.p !== CURRENT.p || parsed.hash.length !== KEY_LENGTH;
}

/**
 * A hash no password matches, checked when the email is unknown so that an
 * unknown email costs the same time as a wrong password.
 */
export const UNMATCHABLE_PASSWORD_HASH = `${FORMAT}$${CURRENT.N}$${CURRENT.r}$${CURRENT.p}$${Buffer.alloc(SALT_BYTES).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

function parse(stored: string): { parameters: Parameters; salt: Buffer; hash: Buffer } | null {
  const [format, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (format !== FORMAT || rest.length || !salt || !hash) return null;
  const parameters = { N: Number(n), r: Number(r), p: Number(p) };
  const sane = Number.isInteger(parameters.N) && parameters.N > 1 && (parameters.N & (parameters.N - 1)) === 0 && parameters.N <= 2 ** 20;
  if (!sane || !Number.isInteger(parameters.r) || parameters.r < 1 || parameters.r > 32 || !Number.isInteger(parameters.p) || parameters.p < 1 || parameters.p > 16) return null;
  return { parameters, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

function derive(password: string, salt: Buffer, parameters: Parameters, length = KEY_LENGTH): Promise<Buffer> {
  // Node refuses more than 32 MiB by default; scrypt needs 128·N·r bytes and a little more.
  const options: ScryptOptions = { ...parameters, maxmem: 256 * parameters.N * parameters.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
