import type { GovernedVersion, TemplateEntity, VersionStatus } from '@app/template-store';
import type { LintFinding } from './lint/lint-finding';

export interface TemplateView {
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  readonly description: string;
  /** The version documents use now; null when none is published. */
  readonly publishedVersion: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A version's lifecycle facts; its content is fetched separately, in the shape a new draft is posted in. */
export interface VersionView {
  readonly key: string;
  readonly number: number;
  readonly status: VersionStatus;
  readonly contentHash: string;
  readonly basedOn: number | null;
  readonly author: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly submittedAt: Date | null;
  readonly approvedBy: string | null;
  readonly approvedAt: Date | null;
  readonly reviewedBy: string | null;
  readonly reviewedAt: Date | null;
  readonly reviewComment: string | null;
  readonly publishedAt: Date | null;
  readonly publishAt: Date | null;
  readonly retiredAt: Date | null;
  readonly lintFindings: readonly LintFinding[];
}

export function toTemplateView(row: TemplateEntity): TemplateView {
  return {
    key: row.key,
    kind: row.kind,
    name: row.name,
    description: row.description,
    publishedVersion: row.publishedVersion,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toVersionView(key: string, row: GovernedVersion): VersionView {
  return {
    key,
    number: row.number,
    status: row.status,
    contentHash: row.contentHash,
    basedOn: row.basedOn,
    author: row.author,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    submittedAt: row.submittedAt,
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt,
    reviewComment: row.reviewComment,
    publishedAt: row.publishedAt,
    publishAt: row.publishAt,
    retiredAt: row.retiredAt,
    lintFindings: (row.lintFindings ?? []) as LintFinding[],
  };
}
