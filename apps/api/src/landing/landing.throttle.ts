import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '@app/config';

const THROTTLER_NAME = 'landing-pages';

/**
 * Requests to the pay and ask pages per client address, with
 * @nestjs/throttler's storage: past the limit the address gets a 429 page with
 * `Retry-After` until the window ends. It bounds how fast anyone can try
 * tokens or fill the views table. Counts are per process.
 */
@Injectable()
export class LandingThrottle implements OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();
  private readonly windowMs: number;
  private readonly limit: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.windowMs = config.landing.rateWindowSeconds * 1000;
    this.limit = config.landing.rateLimit;
  }

  /** Counts the request; the seconds to wait when it is over the limit, else 0. */
  async retryAfter(address: string): Promise<number> {
    const record = await this.storage.increment(address, this.windowMs, this.limit, this.windowMs, THROTTLER_NAME);
    return record.isBlocked ? Math.max(1, record.timeToBlockExpire) : 0;
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }
}
