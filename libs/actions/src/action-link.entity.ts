import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const ACTION_PURPOSES = ['pay', 'ask'] as const;
export type ActionPurpose = (typeof ACTION_PURPOSES)[number];

export const ACTION_LINK_REVOCATIONS = ['paid', 'paid_elsewhere', 'cancelled'] as const;
export type ActionLinkRevocation = (typeof ACTION_LINK_REVOCATIONS)[number];

/** One issued link: only the SHA-256 of its token is kept, with what derives it again. */
@Entity('action_links')
export class ActionLinkEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'document_id' })
  documentId: string;

  @Column('text')
  purpose: ActionPurpose;

  @Column('bytea', { name: 'token_sha256' })
  tokenSha256: Buffer;

  @Column('text', { name: 'key_id' })
  keyId: string;

  @Column('bytea')
  salt: Buffer;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('text', { name: 'revoked_reason', nullable: true })
  revokedReason: ActionLinkRevocation | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
