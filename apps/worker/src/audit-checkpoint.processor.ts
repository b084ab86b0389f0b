import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { TakeAuditCheckpointUseCase } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobQueue, QueueDefinition } from '@app/jobs';

const AUDIT_CHECKPOINT_QUEUE: QueueDefinition = { name: 'audit-checkpoint', retryLimit: 3, retryDelaySeconds: 60, expireInSeconds: 600 };

/**
 * Signs the audit chain's head on a schedule (CCM_AUDIT_CHECKPOINT_MINUTES), when
 * it moved: however many workers run, one job runs per tick.
 */
@Injectable()
export class AuditCheckpointProcessor implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly takeCheckpoint: TakeAuditCheckpointUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const minutes = this.config.auditCheckpointMinutes;
    if (!minutes) return;
    await this.jobs.schedule(AUDIT_CHECKPOINT_QUEUE, cronEvery(minutes), {});
    await this.jobs.work(AUDIT_CHECKPOINT_QUEUE, { concurrency: 1 }, async () => {
      await this.takeCheckpoint.execute({ onlyIfMoved: true });
    });
  }
}

/** Every `minutes` in cron: minute steps below an hour, whole hours above (rounded down). */
function cronEvery(minutes: number): string {
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.floor(minutes / 60);
  return hours >= 24 ? '0 0 * * *' : `0 */${hours} * * *`;
}
