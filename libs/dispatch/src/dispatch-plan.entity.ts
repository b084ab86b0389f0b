import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeliveryChannel } from './delivery.entity';
import type { RoutingPolicy } from './routing-policy';

/** The channels a document's deliveries may use, in order, decided once at dispatch. Insert-only. */
@Entity('dispatch_plans')
export class DispatchPlanEntity {
  @PrimaryColumn('uuid', { name: 'document_id' })
  documentId: string;

  @Column('text')
  policy: RoutingPolicy;

  @Column('text', { array: true })
  channels: DeliveryChannel[];

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
