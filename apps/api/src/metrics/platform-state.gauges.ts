import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GaugeSample, scrapedGauge } from '@app/observability';

/** Scrapes come every few seconds from each Prometheus; the counts are read at most this often. */
const CACHE_MS = 10_000;

/**
 * Where documents, renditions and deliveries stand, counted when Prometheus
 * scrapes: one grouped count per table, cached, so a busy scrape schedule
 * costs three queries every ten seconds however many scrapers there are.
 */
@Injectable()
export class PlatformStateGauges implements OnModuleInit {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onModuleInit(): void {
    scrapedGauge('ccm_documents', 'Documents by status', ['status'], () => this.count<'status'>(`SELECT status, count(*)::int AS value FROM documents GROUP BY status`), CACHE_MS);
    scrapedGauge(
      'ccm_renditions',
      'Renditions by channel and status (pending, ready, failed)',
      ['channel', 'status'],
      () => this.count<'channel' | 'status'>(`SELECT channel, status, count(*)::int AS value FROM renditions GROUP BY channel, status`),
      CACHE_MS,
    );
    scrapedGauge(
      'ccm_deliveries',
      'Deliveries by channel and status (queued, sending, sent, delivered, read, failed, skipped)',
      ['channel', 'status'],
      () => this.count<'channel' | 'status'>(`SELECT channel, status, count(*)::int AS value FROM deliveries GROUP BY channel, status`),
      CACHE_MS,
    );
  }

  private async count<L extends string>(sql: string): Promise<GaugeSample<L>[]> {
    const rows = (await this.db.query(sql)) as Array<Record<L, string> & { value: number }>;
    return rows.map(({ value, ...labels }) => ({ labels: labels as unknown as Record<L, string>, value }));
  }
}
