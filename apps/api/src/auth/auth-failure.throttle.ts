import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError, LruCache } from '@app/kernel';

const THROTTLER_NAME = 'auth-failures';
/** Keys that authenticated lately; a blocked address or prefix still lets them through. */
const REMEMBERED_VALID_KEYS = 10_000;

/**
 * Counts failed authentications per client address and per key prefix (the
 * first characters listings show) — or, for a sign-in, per email (`email:<address>`)
 * — with @nestjs/throttler's storage, and blocks
 * either for a window once it fails too often. While blocked, requests are
 * answered 429 without asking the database — except for keys that
 * authenticated lately, so valid keys keep working while someone hammers from
 * the same address or guesses keys with their prefix. Counts are per process.
 */
@Injectable()
export class AuthFailureThrottle implements OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();
  private readonly blockedUntil = new Map<string, number>();
  private readonly recentlyValid = new LruCache<string, true>(REMEMBERED_VALID_KEYS);
  private readonly windowMs: number;
  private readonly limit: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.windowMs = config.authThrottle.windowSeconds * 1000;
    this.limit = config.authThrottle.failures;
  }

  /** Seconds the caller must wait before trying again, or 0; keys that authenticated lately never wait. */
  retryAfter(address: string, prefix: string | undefined, keyHash: string | undefined): number {
    if (keyHash && this.recentlyValid.get(keyHash)) return 0;
    const now = Date.now();
    const until = Math.max(this.until(`addr:${address}`, now), prefix ? this.until(`prefix:${prefix}`, now) : 0);
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  /** Counts a failure; returns the seconds to wait when this one crossed the limit, else 0. */
  async failed(address: string, prefix: string | undefined): Promise<number> {
    const counted = [`addr:${address}`, ...(prefix ? [`prefix:${prefix}`] : [])];
    let wait = 0;
    for (const key of counted) {
      const record = await this.storage.increment(key, this.windowMs, this.limit, this.windowMs, THROTTLER_NAME);
      if (record.isBlocked) {
        this.blockedUntil.set(key, Date.now() + record.timeToBlockExpire * 1000);
        wait = Math.max(wait, record.timeToBlockExpire);
      }
    }
    return wait;
  }

  succeeded(keyHash: string): void {
    this.recentlyValid.set(keyHash, true);
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }

  private until(key: string, now: number): number {
    const until = this.blockedUntil.get(key) ?? 0;
    if (until && until <= now) this.blockedUntil.delete(key);
    return until;
  }
}

export function tooManyFailures(seconds: number): DomainError {
  return new DomainError('rate_limited', `Too many failed authentications from this address or for this key prefix or email; retry after ${seconds} s`, [], {
    retryAfterSeconds: seconds,
  });
}
