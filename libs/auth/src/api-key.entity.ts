import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from './role';

@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** First characters of the key, shown in listings so a key can be recognised. */
  @Column('text')
  prefix: string;

  @Column('text', { name: 'key_hash' })
  keyHash: string;

  @Column('text', { array: true })
  roles: Role[];

  /** The person or machine the key belongs to. */
  @Column('uuid', { name: 'identity_id' })
  identityId: string;

  /** The key that issued this one (null: the platform itself, e.g. the bootstrap admin key). */
  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  /** `api`: a bearer key; `sign-in`: a user's studio sign-in, which no bearer key matches (see users). */
  @Column('text', { default: 'api' })
  purpose: 'api' | 'sign-in';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
