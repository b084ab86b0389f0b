import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { EventEntity } from './event.entity';

@Injectable()
export class EventRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async append(event: EventEntity, manager: EntityManager): Promise<void> {
    // TypeORM's partial type cannot see through `unknown` in a jsonb column.
    await manager.insert(EventEntity, event as QueryDeepPartialEntity<EventEntity>);
  }

  /** Many events in one insert. */
  async appendMany(events: readonly EventEntity[], manager: EntityManager): Promise<void> {
    if (!events.length) return;
    await manager.insert(EventEntity, [...events] as Array<QueryDeepPartialEntity<EventEntity>>);
  }

  findById(id: string): Promise<EventEntity | null> {
    return this.db.manager.findOneBy(EventEntity, { id });
  }
}
