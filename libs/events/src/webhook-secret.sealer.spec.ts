import { WebhookSecretSealer } from './webhook-secret.sealer';

describe('WebhookSecretSealer', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('keeps secrets unreadable at rest and opens them again with the same platform secret', () => {
    const sealer = new WebhookSecretSealer('platform-secret-0123456789abcdef-0123');
    const sealed = sealer.seal(secret);
    expect(sealed).not.toContain('MfKQ9r8');
    expect(sealer.seal(secret)).not.toBe(sealed);
    expect(sealer.open(sealed)).toBe(secret);
  });

  it('refuses to open what another platform secret sealed or what was altered', () => {
    const sealed = new WebhookSecretSealer('platform-secret-0123456789abcdef-0123').seal(secret);
    expect(() => new WebhookSecretSealer('another-secret-0123456789abcdef-01234').open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('whsec_forged').toString('base64');
    expect(() => new WebhookSecretSealer('platform-secret-0123456789abcdef-0123').open(parts.join('.'))).toThrow();
  });
});
