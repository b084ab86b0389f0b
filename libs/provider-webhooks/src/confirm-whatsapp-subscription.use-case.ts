import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/kernel';

export interface SubscriptionHandshake {
  readonly mode: string | undefined;
  readonly verifyToken: string | undefined;
  readonly challenge: string | undefined;
}

/**
 * Meta's webhook handshake: `hub.mode=subscribe` with our verify token gets
 * its `hub.challenge` back; anything else is refused.
 */
@Injectable()
export class ConfirmWhatsAppSubscriptionUseCase {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  execute(handshake: SubscriptionHandshake): string {
    const expected = this.config.whatsapp.verifyToken;
    if (!expected || handshake.mode !== 'subscribe' || !handshake.challenge || !sameSecret(handshake.verifyToken ?? '', expected)) {
      throw new DomainError('forbidden', 'The webhook subscription is not confirmed: wrong mode or verify token');
    }
    return handshake.challenge;
  }
}

/** Constant time whatever the lengths: both sides are hashed to the same size first. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
