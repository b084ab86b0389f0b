import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/kernel';
import { BatchCompletion } from './batch-completion';
import { BatchRepository } from './batch.repository';

export interface BatchView {
  readonly id: string;
  readonly createdAt: Date;
  readonly intakeFinishedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly completedAt: Date | null;
  readonly lines: number;
  /** Documents by state: accepted (every one the batch created), rendered, sent, delivered, failed. */
  readonly counts: {
    readonly accepted: number;
    readonly refused: number;
    readonly rendering: number;
    readonly rendered: number;
    readonly renderFailed: number;
    readonly sent: number;
    readonly delivered: number;
    readonly failed: number;
    readonly skipped: number;
  };
  /** Documents rendered per second, from the batch's creation to its last document rendered. */
  readonly renderedPerSecond: number | null;
}

/** A batch and its progress, counted from its documents and their deliveries. */
@Injectable()
export class GetBatchUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly batches: BatchRepository,
    private readonly completion: BatchCompletion,
  ) {}

  async execute(id: string): Promise<BatchView> {
    let batch = await this.batches.find(id);
    if (!batch) throw new DomainError('not_found', `No batch ${id}`);
    if (batch.intakeFinishedAt && !batch.completedAt) {
      // A worker that died between a document's settle and the batch's check leaves the completion to whoever looks next.
      await this.db.transaction((manager) => this.completion.settleIfDone(manager, id));
      batch = (await this.batches.find(id))!;
    }
    const counts = await this.batches.counts(id);
    const settled = counts.documents.rendered + counts.documents.renderFailed;
    const seconds = counts.lastRenderedAt ? (counts.lastRenderedAt.getTime() - batch.createdAt.getTime()) / 1000 : 0;
    const deliveries = counts.deliveries;
    return {
      id: batch.id,
      createdAt: batch.createdAt,
      intakeFinishedAt: batch.intakeFinishedAt,
      cancelledAt: batch.cancelledAt,
      completedAt: batch.completedAt,
      lines: batch.lines,
      counts: {
        accepted: batch.accepted,
        refused: batch.refused,
        rendering: counts.documents.accepted,
        rendered: counts.documents.rendered,
        renderFailed: counts.documents.renderFailed,
        sent: (deliveries.sent ?? 0) + (deliveries.delivered ?? 0) + (deliveries.read ?? 0),
        delivered: (deliveries.delivered ?? 0) + (deliveries.read ?? 0),
        failed: deliveries.failed ?? 0,
        skipped: deliveries.skipped ?? 0,
      },
      renderedPerSecond: seconds > 0 ? Math.round((settled / seconds) * 10) / 10 : null,
    };
  }
}

/**
 * Cancels a batch: nothing of it not yet handed to a provider is sent — its
 * documents are not planned for dispatch any more and their queued deliveries
 * are skipped when their turn comes (`reason: batch cancelled`). What was sent
 * stays sent; rendering goes on, so every document stays readable.
 */
@Injectable()
export class CancelBatchUseCase {
  constructor(private readonly batches: BatchRepository) {}

  async execute(id: string): Promise<{ cancelled: boolean }> {
    const batch = await this.batches.find(id);
    if (!batch) throw new DomainError('not_found', `No batch ${id}`);
    return { cancelled: await this.batches.cancel(id) };
  }
}
