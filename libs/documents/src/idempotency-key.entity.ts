import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'api_key_id' })
  apiKeyId: string;

  @PrimaryColumn('text')
  key: string;

  /** SHA-256 of the request (method, path, canonical body): same key, other body → 422. */
  @Column('text', { name: 'request_hash' })
  requestHash: string;

  @Column('text')
  state: 'in_flight' | 'completed';

  @Column('integer', { name: 'response_status', nullable: true })
  responseStatus: number | null;

  @Column('jsonb', { name: 'response_body', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;
}
