import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { DeliveryChannel, DeliveryStatus } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';
import { deliveryView, DeliveryView } from './delivery.view';

export interface DeliveriesFilter {
  readonly status?: DeliveryStatus;
  readonly channel?: DeliveryChannel;
  readonly since?: Date;
  readonly limit: number;
  /** From a previous page's `nextCursor`. */
  readonly cursor?: string;
}

export interface DeliveriesPage {
  readonly items: readonly DeliveryView[];
  /** Pass as `cursor` for the next (older) page; null on the last one. */
  readonly nextCursor: string | null;
}

/** Deliveries across documents for operators, newest first, a page at a time. */
@Injectable()
export class QueryDeliveriesUseCase {
  constructor(private readonly deliveries: DeliveryRepository) {}

  async execute(filter: DeliveriesFilter): Promise<DeliveriesPage> {
    const rows = await this.deliveries.list({ ...filter, before: filter.cursor ? decodeCursor(filter.cursor) : undefined, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const attempts = await this.deliveries.attemptsOf(page.map((delivery) => delivery.id));
    const last = page[page.length - 1];
    return {
      items: page.map((delivery) => deliveryView(delivery, attempts)),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

/** An opaque cursor; anything not made by `encodeCursor` is refused naming the field. */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new DomainError('validation_failed', 'cursor is not one this API returned', [{ pointer: '/query/cursor', message: 'is not a cursor this API returned' }]);
  }
  return { createdAt, id };
}
