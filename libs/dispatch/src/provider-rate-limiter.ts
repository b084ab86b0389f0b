import { Inject, Injectable } from '@nestjs/common';
import Bottleneck from 'bottleneck';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { DeliveryChannel } from './delivery.entity';

/**
 * Messages per second handed to each channel's provider by this process
 * (`CCM_DISPATCH_<CHANNEL>_RATE`, 0 → unlimited), spaced evenly by bottleneck
 * so a burst of deliveries does not trip the provider's own 429s.
 */
@Injectable()
export class ProviderRateLimiter {
  private readonly limiters = new Map<DeliveryChannel, Bottleneck>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  schedule<T>(channel: DeliveryChannel, send: () => Promise<T>): Promise<T> {
    const rate = this.config.dispatch.ratePerSecond[channel];
    if (!rate) return send();
    let limiter = this.limiters.get(channel);
    if (!limiter) {
      limiter = new Bottleneck({ minTime: Math.ceil(1000 / rate) });
      this.limiters.set(channel, limiter);
    }
    return limiter.schedule(send);
  }
}
