import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type IdentityKind = 'person' | 'machine';

/**
 * Who holds API keys: a named person (one person however many keys they hold;
 * four-eyes compares people) or a named machine (which never approves). The
 * studio's user accounts are identities too.
 */
@Entity('identities')
export class IdentityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  kind: IdentityKind;

  @Column('text')
  name: string;

  /** A person's email, unique case-insensitively; null for machines (and for people made from keys older than identities). */
  @Column('text', { nullable: true })
  email: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
