import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '@app/audit';
import { DomainError } from '@app/kernel';
import { BUILT_IN_ACTOR, TemplateEntity, TemplateVersionEntity } from '@app/templating';
import { TemplateVersionsRepository as Versions, versionSubject } from './template-versions.repository';

/**
 * Makes a version the one documents use, inside the caller's transaction (the
 * template row must be locked). An approved version is published; a retired
 * version that was published before is published again (a rollback). The
 * version it replaces is retired. Approval by someone other than the author is
 * checked again here, so no path to publishing can skip four-eyes.
 */
@Injectable()
export class VersionPublisher {
  constructor(private readonly audit: AuditLog) {}

  async publish(
    manager: EntityManager,
    template: TemplateEntity,
    version: TemplateVersionEntity,
    actor: string,
    details: Record<string, unknown> = {},
  ): Promise<TemplateVersionEntity> {
    const rollback = version.status === 'retired' && version.publishedAt !== null;
    if (version.status !== 'approved' && !rollback) {
      throw new DomainError(
        'invalid_state',
        version.status === 'published'
          ? `Version ${version.number} of "${template.key}" is already published`
          : `Version ${version.number} of "${template.key}" is ${version.status}; only an approved version (or a retired one published before) can be published`,
        [],
        { versionStatus: version.status },
      );
    }
    assertFourEyes(template, version);
    const now = new Date();
    const previous = template.publishedVersion;
    if (previous !== null && previous !== version.number) {
      const replaced = await Versions.version(manager, template, previous);
      replaced.status = 'retired';
      replaced.retiredAt = now;
      await Versions.save(manager, replaced);
    }
    version.status = 'published';
    version.publishedAt = now;
    version.publishAt = null;
    version.retiredAt = null;
    const saved = await Versions.save(manager, version);
    await Versions.setPublished(manager, template, version.number);
    await this.audit.append(manager, {
      actor,
      action: rollback ? 'version.rolled_back' : 'version.published',
      subject: versionSubject(template.key, version.number),
      details: { contentHash: version.contentHash, replaced: previous, ...details },
    });
    return saved;
  }
}

export function assertFourEyes(template: TemplateEntity, version: TemplateVersionEntity): void {
  const builtIn = version.author === BUILT_IN_ACTOR && version.approvedBy === BUILT_IN_ACTOR;
  if (!version.approvedBy || (version.approvedBy === version.author && !builtIn)) {
    throw new DomainError('forbidden', `Version ${version.number} of "${template.key}" has no approval by someone other than its author`);
  }
}
