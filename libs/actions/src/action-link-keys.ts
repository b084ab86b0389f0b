import { createHash, createHmac } from 'node:crypto';

/** One signing key of action links, named by a short id that every token carries. */
export interface ActionLinkKey {
  readonly id: string;
  readonly secret: string;
}

/** Length of the key id at the head of every token. */
export const KEY_ID_LENGTH = 2;

/**
 * The keys that derive action-link tokens: the current one for new documents,
 * previous ones so that re-rendering an older document reproduces the links it
 * was sent with. A key's id is a fingerprint of the secret rather than a
 * configured name, so rotating `CCM_SECRET` needs nothing but moving the old
 * value to `CCM_PREVIOUS_SECRETS`.
 */
export class ActionLinkKeyRing {
  readonly current: ActionLinkKey;
  private readonly byId: ReadonlyMap<string, ActionLinkKey>;

  constructor(currentSecret: string, previousSecrets: readonly string[] = []) {
    const keys = [currentSecret, ...previousSecrets].map((secret) => ({ id: keyIdOf(secret), secret }));
    const byId = new Map<string, ActionLinkKey>();
    for (const key of keys) {
      const clash = byId.get(key.id);
      if (clash && clash.secret !== key.secret) {
        throw new Error(`Two action-link secrets share the key id ${key.id}: replace one of them`);
      }
      byId.set(key.id, key);
    }
    this.current = keys[0];
    this.byId = byId;
  }

  find(id: string): ActionLinkKey | undefined {
    return this.byId.get(id);
  }
}

function keyIdOf(secret: string): string {
  return createHash('sha256').update(`ccm action link key\0${secret}`).digest('base64url').slice(0, KEY_ID_LENGTH);
}

/**
 * The token of one link: the key id, then 128 bits of an HMAC over the purpose,
 * the document and a random salt kept with the link. The salt comes from a
 * CSPRNG, so even a leaked key does not reveal the links of stored documents;
 * the HMAC lets any worker derive the token again at render time while the
 * database keeps only its SHA-256.
 */
export function deriveToken(key: ActionLinkKey, purpose: string, documentId: string, salt: Buffer): string {
  const material = createHmac('sha256', key.secret).update(`action-link\0${purpose}\0${documentId}\0`).update(salt).digest();
  return `${key.id}${material.subarray(0, 16).toString('base64url')}`;
}

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
