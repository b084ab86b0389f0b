import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { VersionStatus } from '@app/template-store';
import type { OfferContent } from '../offer-content';

/** One version of an offer: the same lifecycle and review facts as a template version. */
@Entity('offer_versions')
export class OfferVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'offer_id' })
  offerId: string;

  @Column('integer')
  number: number;

  @Column('text')
  status: VersionStatus;

  @Column('jsonb')
  content: OfferContent;

  /** SHA-256 of the canonical JSON of `content`. */
  @Column('text', { name: 'content_hash' })
  contentHash: string;

  @Column('text')
  author: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt: Date | null;

  @Column('text', { name: 'approved_by', nullable: true })
  approvedBy: string | null;

  @Column('timestamptz', { name: 'approved_at', nullable: true })
  approvedAt: Date | null;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt: Date | null;

  @Column('integer', { name: 'based_on', nullable: true })
  basedOn: number | null;

  @Column('text', { name: 'reviewed_by', nullable: true })
  reviewedBy: string | null;

  @Column('timestamptz', { name: 'reviewed_at', nullable: true })
  reviewedAt: Date | null;

  @Column('text', { name: 'review_comment', nullable: true })
  reviewComment: string | null;

  /** Offers publish at once; kept so every governed version shares one lifecycle. */
  @Column('timestamptz', { name: 'publish_at', nullable: true })
  publishAt: Date | null;

  @Column('jsonb', { name: 'lint_findings', default: () => "'[]'" })
  lintFindings: unknown[];
}
