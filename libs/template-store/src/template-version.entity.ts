import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TemplateContent } from '@app/contracts';

export const VERSION_STATUSES = ['draft', 'in_review', 'approved', 'rejected', 'published', 'retired'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

@Entity('template_versions')
export class TemplateVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'template_id' })
  templateId: string;

  @Column('integer')
  number: number;

  @Column('text')
  status: VersionStatus;

  @Column('jsonb')
  content: TemplateContent;

  /** SHA-256 of the canonical JSON of `content`; documents pin it. */
  @Column('text', { name: 'content_hash' })
  contentHash: string;

  @Column('text')
  author: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

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

  /** The version this one was drafted from, if any. */
  @Column('integer', { name: 'based_on', nullable: true })
  basedOn: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Who approved or rejected it, and what they said. */
  @Column('text', { name: 'reviewed_by', nullable: true })
  reviewedBy: string | null;

  @Column('timestamptz', { name: 'reviewed_at', nullable: true })
  reviewedAt: Date | null;

  @Column('text', { name: 'review_comment', nullable: true })
  reviewComment: string | null;

  /** A scheduled publish not yet carried out. */
  @Column('timestamptz', { name: 'publish_at', nullable: true })
  publishAt: Date | null;

  /** Compliance lint findings recorded at submit (warnings reach the reviewer). */
  @Column('jsonb', { name: 'lint_findings', default: () => "'[]'" })
  lintFindings: unknown[];
}
