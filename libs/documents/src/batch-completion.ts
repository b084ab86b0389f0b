import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PublishEventUseCase } from '@app/events';
import { BatchRepository } from './batch.repository';

/**
 * A batch is completed when its intake is over and every one of its documents
 * has settled its rendering (rendered or failed); billing systems hear
 * `batch.completed` once, in the transaction that completed it.
 */
@Injectable()
export class BatchCompletion {
  constructor(
    private readonly batches: BatchRepository,
    private readonly events: PublishEventUseCase,
  ) {}

  async settleIfDone(manager: EntityManager, batchId: string): Promise<void> {
    if (!(await this.batches.completeIfDone(batchId, manager))) return;
    const batch = await this.batches.find(batchId, manager);
    const [counts] = (await manager.query(
      `SELECT count(*) FILTER (WHERE status = 'rendered')::int AS rendered, count(*) FILTER (WHERE status = 'render_failed')::int AS render_failed
         FROM documents WHERE batch_id = $1`,
      [batchId],
    )) as Array<{ rendered: number; render_failed: number }>;
    await this.events.publish(
      {
        type: 'batch.completed',
        data: {
          batchId,
          lines: batch?.lines ?? 0,
          accepted: batch?.accepted ?? 0,
          refused: batch?.refused ?? 0,
          rendered: counts.rendered,
          renderFailed: counts.render_failed,
          cancelled: Boolean(batch?.cancelledAt),
        },
      },
      manager,
    );
  }
}
