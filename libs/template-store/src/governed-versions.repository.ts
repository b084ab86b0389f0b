import type { EntityManager } from 'typeorm';
import type { VersionStatus } from './template-version.entity';

/** The lifecycle facts every governed version carries: template versions and locked block versions alike. */
export interface GovernedVersion {
  number: number;
  status: VersionStatus;
  contentHash: string;
  author: string;
  basedOn: number | null;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewComment: string | null;
  publishedAt: Date | null;
  publishAt: Date | null;
  retiredAt: Date | null;
  lintFindings: unknown[];
}

/** What is versioned: a template or a locked block, with the version in use now. */
export interface GovernedSubject {
  id: string;
  publishedVersion: number | null;
}

export interface NewVersion<C> {
  readonly number: number;
  readonly content: C;
  readonly contentHash: string;
  readonly author: string;
  readonly basedOn: number | null;
}

/**
 * Reads, locks and writes one kind of governed subject and its versions inside
 * the caller's transaction. Holds no rules: those are `VersionLifecycle`'s, the
 * same for every kind.
 */
export abstract class GovernedVersions<S extends GovernedSubject, V extends GovernedVersion, C> {
  /** Prefix of the audit actions (`version.approved`, `block_version.approved`). */
  abstract readonly auditAction: string;
  /** Audit subject type of a version (`template_version`, `block_version`). */
  abstract readonly auditType: string;

  abstract keyOf(subject: S): string;
  /** How messages name a version: `Version 2 of "invoice"`. */
  abstract describe(subject: S, number: number): string;
  abstract hash(content: C): string;
  abstract contentOf(version: V): C;
  abstract setContent(version: V, content: C, hash: string): void;

  /** The subject, locked until the transaction ends so its versions change one writer at a time. */
  abstract lock(manager: EntityManager, key: string): Promise<S>;
  abstract find(manager: EntityManager, key: string): Promise<S>;
  abstract version(manager: EntityManager, subject: S, number: number): Promise<V>;
  abstract nextNumber(manager: EntityManager, subject: S): Promise<number>;
  abstract create(manager: EntityManager, subject: S, fields: NewVersion<C>): V;
  abstract save(manager: EntityManager, version: V): Promise<V>;
  abstract setPublished(manager: EntityManager, subject: S, number: number | null): Promise<void>;

  auditSubject(subject: S, number: number): { type: string; id: string } {
    return { type: this.auditType, id: `${this.keyOf(subject)}@${number}` };
  }
}
