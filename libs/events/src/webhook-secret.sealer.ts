import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const INFO = 'ccm webhook signing secrets';

/**
 * Keeps subscriptions' signing secrets encrypted at rest (AES-256-GCM) under a
 * key derived from the platform secret (`CCM_SECRET`), so a copy of the
 * database alone cannot sign. Changing `CCM_SECRET` makes the stored secrets
 * unreadable: rotate every subscription's secret afterwards.
 */
export class WebhookSecretSealer {
  private readonly key: Buffer;

  constructor(platformSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', platformSecret, Buffer.alloc(0), INFO, 32));
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
  }

  open(sealed: string): string {
    const [format, iv, tag, body] = sealed.split('.');
    if (format !== FORMAT || !iv || !tag || !body) throw new Error('not a sealed webhook secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }
}
