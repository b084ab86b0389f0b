import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A compliance-owned partial (`legal-footer`, `sender-identity`, ...) that templates include by name. */
@Entity('locked_blocks')
export class LockedBlockEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  description: string;

  /** The version templates capture when they are submitted; `null` until one is published. */
  @Column('integer', { name: 'published_version', nullable: true })
  publishedVersion: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
