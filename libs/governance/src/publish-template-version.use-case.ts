import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import type { Principal } from '@app/auth';
import { JobQueue } from '@app/jobs';
import { Clock } from '@app/kernel';
import { TemplateVersionsRepository } from '@app/template-store';
import { PUBLISH_VERSION_QUEUE, PublishVersionJob } from './governance.queues';
import { VersionLifecycle } from './lifecycle/version-lifecycle';
import { toVersionView, VersionView } from './template-version.view';
import type { VersionRef } from './submit-template-version.use-case';

/** A scheduled instant closer than this is simply "now". */
const SCHEDULE_MIN_AHEAD_MS = 1_000;

export interface PublishVersionInput extends VersionRef {
  /** Publish at this future instant instead of now. */
  readonly at?: Date;
}

/**
 * Publishes an approved version now or at a future instant, or publishes an
 * earlier, once-published version again (rollback). A scheduled publish is a
 * job written in the same transaction as the schedule, so neither exists
 * without the other; when it runs, it publishes only if the version is still
 * approved and still scheduled for that instant.
 */
@Injectable()
export class PublishTemplateVersionUseCase {
  private readonly logger = new Logger('PublishVersion');

  constructor(
    private readonly versions: TemplateVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLogRepository,
    private readonly lifecycle: VersionLifecycle,
    private readonly jobs: JobQueue,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(input: PublishVersionInput, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await this.versions.lock(manager, input.key);
      const version = await this.versions.version(manager, template, input.number);
      if (!input.at || input.at.getTime() - this.clock.now().getTime() < SCHEDULE_MIN_AHEAD_MS) {
        const published = await this.lifecycle.publish(manager, this.versions, template, version, principal.keyId);
        return toVersionView(template.key, published);
      }
      this.lifecycle.assertApproved(this.versions, template, version, 'scheduled');
      this.lifecycle.assertFourEyes(this.versions, template, version);
      version.publishAt = input.at;
      const saved = await this.versions.save(manager, version);
      await this.jobs.enqueue<PublishVersionJob>(
        PUBLISH_VERSION_QUEUE,
        { key: template.key, number: version.number, at: input.at.toISOString() },
        { within: manager, startAfter: input.at },
      );
      await this.audit.append(manager, {
        actor: principal.keyId,
        action: 'version.publish_scheduled',
        subject: this.versions.auditSubject(template, version.number),
        details: { contentHash: version.contentHash, at: input.at.toISOString() },
      });
      return toVersionView(template.key, saved);
    });
  }

  /** Runs a scheduled publish (the job handler). Does nothing when the schedule was changed or cancelled. */
  async runScheduled(job: PublishVersionJob): Promise<void> {
    await this.db.transaction(async (manager) => {
      const template = await this.versions.lock(manager, job.key);
      const version = await this.versions.version(manager, template, job.number);
      if (version.status !== 'approved' || version.publishAt?.toISOString() !== job.at) {
        this.logger.log(`scheduled publish of ${job.key} v${job.number} at ${job.at} skipped: no longer scheduled`);
        return;
      }
      await this.lifecycle.publish(manager, this.versions, template, version, 'system:scheduler', { scheduledFor: job.at });
    });
  }
}
