import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import { ApiKeyRepository, fourEyesRefusal, type Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { BUILT_IN_ACTOR, type GovernedSubject, type GovernedVersion, type GovernedVersions } from '@app/template-store';
import { GOVERNANCE_SETTINGS, GovernanceSettings } from '../governance.settings';
import type { LintFinding } from '../lint/lint-finding';

type Repo<S extends GovernedSubject, V extends GovernedVersion, C> = GovernedVersions<S, V, C>;

export interface SubmitFacts<C> {
  /** Content to submit instead of the draft's own (the draft with its blocks captured again). */
  readonly content?: C;
  readonly findings: readonly LintFinding[];
  readonly details?: Record<string, unknown>;
}

/**
 * The one state machine of governed versions — `draft → in_review → approved →
 * published → retired` (or `rejected`) — and the four-eyes rule, for templates
 * and locked blocks alike. Every method runs inside the caller's transaction
 * (with the subject locked) and appends its audit entry there, so a change and
 * its entry commit or vanish together.
 */
@Injectable()
export class VersionLifecycle {
  constructor(
    private readonly audit: AuditLogRepository,
    private readonly keys: ApiKeyRepository,
    @Inject(GOVERNANCE_SETTINGS) private readonly settings: GovernanceSettings,
  ) {}

  async draft<S extends GovernedSubject, V extends GovernedVersion, C>(
    manager: EntityManager,
    repo: Repo<S, V, C>,
    subject: S,
    input: { readonly content: C; readonly basedOn?: number },
    principal: Principal,
  ): Promise<V> {
    if (input.basedOn !== undefined) {
      await repo.version(manager, subject, input.basedOn).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'not_found') {
          throw new DomainError('validation_failed', error.message, [{ pointer: '/basedOn', message: error.message }]);
        }
        throw error;
      });
    }
    const number = await repo.nextNumber(manager, subject);
    const contentHash = repo.hash(input.content);
    const saved = await repo.save(
      manager,
      repo.create(manager, subject, { number, content: input.content, contentHash, author: principal.identity.id, basedOn: input.basedOn ?? null }),
    );
    await this.logEvent(manager, repo, subject, saved, principal.keyId, 'drafted', { basedOn: input.basedOn ?? null });
    return saved;
  }

  async edit<S extends GovernedSubject, V extends GovernedVersion, C>(
    manager: EntityManager,
    repo: Repo<S, V, C>,
    subject: S,
    version: V,
    content: C,
    principal: Principal,
  ): Promise<V> {
    this.assertDraftOf(repo, subject, version, principal);
    repo.setContent(version, content, repo.hash(content));
    version.lintFindings = [];
    const saved = await this.record(manager, repo, subject, version, principal.keyId, 'edited', {});
    return saved;
  }

  /**
   * Only drafts change, and only by their author: a draft edited by someone else
   * would let its author approve words they did not write.
   */
  assertDraftOf<S extends GovernedSubject, V extends GovernedVersion, C>(repo: Repo<S, V, C>, subject: S, version: V, principal: Principal): void {
    const named = repo.describe(subject, version.number);
    if (version.status !== 'draft') {
      throw new DomainError('invalid_state', `${named} is ${version.status}: submitted versions never change; create a new draft from it`, [], {
        versionStatus: version.status,
      });
    }
    if (version.author !== principal.identity.id) {
      throw new DomainError('forbidden', `${named} is another author's draft; create a new draft from it instead`);
    }
  }

  /** From here on the version is immutable (the database refuses changes as well). */
  async submit<S extends GovernedSubject, V extends GovernedVersion, C>(
    manager: EntityManager,
    repo: Repo<S, V, C>,
    subject: S,
    version: V,
    principal: Principal,
    facts: SubmitFacts<C>,
  ): Promise<V> {
    this.assertDraftOf(repo, subject, version, principal);
    if (facts.content !== undefined) repo.setContent(version, facts.content, repo.hash(facts.content));
    version.status = 'in_review';
    version.submittedAt = new Date();
    version.lintFindings = [...facts.findings];
    const saved = await this.record(manager, repo, subject, version, principal.keyId, 'submitted', { warnings: facts.findings.length, ...facts.details });
    return saved;
  }

  /**
   * Four-eyes binds people: the author of a version can never approve it, with
   * any of their keys or a key they issued, whatever their roles — admins included.
   */
  async approve<S extends GovernedSubject, V extends GovernedVersion, C>(
    manager: EntityManager,
    repo: Repo<S, V, C>,
    subject: S,
    version: V,
    principal: Principal,
    input: { readonly comment?: string; readonly publish?: boolean },
  ): Promise<V> {
    this.assertInReview(repo, subject, version);
    const refusal = fourEyesRefusal(principal, version.author, await this.keys.issuersOfKeysHeldBy(version.author));
    if (refusal) {
      throw new DomainError('forbidden', `Four-eyes: ${lowerFirst(repo.describe(subject, version.number))} cannot be approved this way: ${refusal}`);
    }
    const now = new Date();
    version.status = 'approved';
    version.approvedBy = principal.identity.id;
    version.approvedAt = now;
    version.reviewedBy = principal.identity.id;
    version.reviewedAt = now;
    version.reviewComment = input.comment ?? null;
    let saved = await this.record(manager, repo, subject, version, principal.keyId, 'approved', { comment: input.comment ?? null });
    if (input.publish ?? this.settings.publishOnApprove) {
      saved = await this.publish(manager, repo, subject, saved, principal.keyId, { approvedAndPublished: true });
    }
    return saved;
  }

  /** Sends a version in review back with the reviewer's reason; its author drafts again from it. */
  async reject<S extends GovernedSubject, V extends GovernedVersion, C>(
    manager: EntityManager,
    repo: Repo<S, V, C>,
    subject: S,
    version: V,
    principal: Principal,
    comment: string,
  ): Promise<V> {
    this.assertInReview(repo, subject, version);
    version.status = 'rejected';
    version.reviewedBy = principal.identity.id;
    version.reviewedAt = new Date();
    version.reviewComment = comment;
    const saved = await this.record(manager, repo, subject, version, principal.keyId, 'rejected', { comment });
    return saved;
  }

  /**
   * Makes a version the one in use. An approved version is published; a retired
   * version that was published before is published again (a rollback). The
   * version it replaces is retired. Approval by someone other than the author is
   * checked again here, so no path to publishing can skip four-eyes.
   */
  async publish<S extends GovernedSubject, V extends GovernedVersion, C>(
    manager: EntityManager,
    repo: Repo<S, V, C>,
    subject: S,
    version: V,
    actor: string,
    details: Record<string, unknown> = {},
  ): Promise<V> {
    const named = repo.describe(subject, version.number);
    const rollback = version.status === 'retired' && version.publishedAt !== null;
    if (version.status !== 'approved' && !rollback) {
      throw new DomainError(
        'invalid_state',
        version.status === 'published'
          ? `${named} is already published`
          : `${named} is ${version.status}; only an approved version (or a retired one published before) can be published`,
        [],
        { versionStatus: version.status },
      );
    }
    this.assertFourEyes(repo, subject, version);
    const now = new Date();
    const previous = subject.publishedVersion;
    if (previous !== null && previous !== version.number) {
      const replaced = await repo.version(manager, subject, previous);
      replaced.status = 'retired';
      replaced.retiredAt = now;
      await repo.save(manager, replaced);
    }
    version.status = 'published';
    version.publishedAt = now;
    version.publishAt = null;
    version.retiredAt = null;
    const saved = await repo.save(manager, version);
    await repo.setPublished(manager, subject, version.number);
    await this.logEvent(manager, repo, subject, version, actor, rollback ? 'rolled_back' : 'published', { replaced: previous, ...details });
    return saved;
  }

  /**
   * Retires a published or approved version (cancelling any scheduled publish).
   * Retiring the published version leaves the subject without one.
   */
  async retire<S extends GovernedSubject, V extends GovernedVersion, C>(
    manager: EntityManager,
    repo: Repo<S, V, C>,
    subject: S,
    version: V,
    principal: Principal,
  ): Promise<V> {
    if (version.status !== 'published' && version.status !== 'approved') {
      throw new DomainError('invalid_state', `${repo.describe(subject, version.number)} is ${version.status}; only published or approved versions are retired`, [], {
        versionStatus: version.status,
      });
    }
    const wasPublished = subject.publishedVersion === version.number;
    if (wasPublished) await repo.setPublished(manager, subject, null);
    version.status = 'retired';
    version.retiredAt = new Date();
    version.publishAt = null;
    const saved = await this.record(manager, repo, subject, version, principal.keyId, 'retired', { wasPublished });
    return saved;
  }

  assertApproved<S extends GovernedSubject, V extends GovernedVersion, C>(repo: Repo<S, V, C>, subject: S, version: V, doing: string): void {
    if (version.status !== 'approved') {
      throw new DomainError('invalid_state', `${repo.describe(subject, version.number)} is ${version.status}; only an approved version can be ${doing}`, [], {
        versionStatus: version.status,
      });
    }
  }

  /** Built-ins are imported as published by the platform itself; anything else needs an approver who is not its author. */
  assertFourEyes<S extends GovernedSubject, V extends GovernedVersion, C>(repo: Repo<S, V, C>, subject: S, version: V): void {
    const builtIn = version.author === BUILT_IN_ACTOR && version.approvedBy === BUILT_IN_ACTOR;
    if (!version.approvedBy || (version.approvedBy === version.author && !builtIn)) {
      throw new DomainError('forbidden', `${repo.describe(subject, version.number)} has no approval by someone other than its author`);
    }
  }

  private assertInReview<S extends GovernedSubject, V extends GovernedVersion, C>(repo: Repo<S, V, C>, subject: S, version: V): void {
    if (version.status !== 'in_review') {
      throw new DomainError('invalid_state', `${repo.describe(subject, version.number)} is ${version.status}, not in review`, [], {
        versionStatus: version.status,
      });
    }
  }

  /** Saves a version's new state and records it in the audit log, in the caller's transaction. */
  private async record<S extends GovernedSubject, V extends GovernedVersion, C>(
    manager: EntityManager,
    repo: Repo<S, V, C>,
    subject: S,
    version: V,
    actor: string,
    event: string,
    details: Record<string, unknown>,
  ): Promise<V> {
    const saved = await repo.save(manager, version);
    await this.logEvent(manager, repo, subject, version, actor, event, details);
    return saved;
  }

  private logEvent<S extends GovernedSubject, V extends GovernedVersion, C>(
    manager: EntityManager,
    repo: Repo<S, V, C>,
    subject: S,
    version: V,
    actor: string,
    event: string,
    details: Record<string, unknown>,
  ): Promise<unknown> {
    return this.audit.append(manager, {
      actor,
      action: `${repo.auditAction}.${event}`,
      subject: repo.auditSubject(subject, version.number),
      details: { contentHash: version.contentHash, ...details },
    });
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
