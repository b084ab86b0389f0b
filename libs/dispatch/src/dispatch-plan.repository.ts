import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DeliveryChannel } from './delivery.entity';
import { DispatchPlanEntity } from './dispatch-plan.entity';
import type { RoutingPolicy } from './routing-policy';

/** The `dispatch_plans` table: one insert-only row per dispatched document. */
@Injectable()
export class DispatchPlanRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  find(documentId: string, manager: EntityManager = this.db.manager): Promise<DispatchPlanEntity | null> {
    return manager.findOneBy(DispatchPlanEntity, { documentId });
  }

  async create(documentId: string, policy: RoutingPolicy, channels: readonly DeliveryChannel[], manager: EntityManager): Promise<DispatchPlanEntity> {
    const plan = { documentId, policy, channels: [...channels], createdAt: new Date() };
    await manager.insert(DispatchPlanEntity, plan);
    return plan;
  }
}
