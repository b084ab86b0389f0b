import { PipeTransform } from '@nestjs/common';
import { DomainError } from '@app/kernel';

/** `msg_` and 22 base64url characters, as the platform makes them; anything else cannot name a delivery. */
export class WebhookDeliveryIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^msg_[A-Za-z0-9_-]{22}$/.test(value)) {
      throw new DomainError('not_found', `No webhook delivery ${value.slice(0, 100)}`);
    }
    return value;
  }
}
