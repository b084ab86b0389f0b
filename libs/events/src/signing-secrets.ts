import { WebhookSecretSealer } from './webhook-secret.sealer';

/** How long the secret before a rotation still signs beside the new one, so receivers can switch without losing events. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** The subscription's secrets that sign a try made `at`: the current one, and the previous one while its overlap lasts. */
export function signingSecretsOf(
  subscription: { secretSealed: string; previousSecretSealed: string | null; previousSecretExpiresAt: Date | null },
  sealer: WebhookSecretSealer,
  at: Date,
): string[] {
  const secrets = [sealer.open(subscription.secretSealed)];
  if (subscription.previousSecretSealed && subscription.previousSecretExpiresAt && subscription.previousSecretExpiresAt > at) {
    secrets.push(sealer.open(subscription.previousSecretSealed));
  }
  return secrets;
}
