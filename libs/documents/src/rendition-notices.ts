import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { DATABASE_URL } from '@app/persistence';

/** PostgreSQL's channel for "renditions of these documents were made ready or failed"; the payload is their ids, comma-separated. */
const CHANNEL = 'ccm_renditions_moved';

/** Within the transaction that moved the documents' renditions: heard by `RenditionNotices` once it commits. */
export async function announceRenditionsMoved(manager: EntityManager, documentIds: readonly string[]): Promise<void> {
  if (!documentIds.length) return;
  await manager.query('SELECT pg_notify($1, $2)', [CHANNEL, [...new Set(documentIds)].join(',')]);
}

/** What a caller waiting for a document hears: `heard` resolves at the first notice naming it. */
export interface RenditionNotice {
  readonly heard: Promise<void>;
  /** Stops listening for this document; `heard` then never resolves. */
  stop(): void;
}

/**
 * Tells the caller waiting for a document posted on its own that its renditions
 * moved, the moment the worker's transaction commits, rather than at the next
 * look of a poll: polling every 100 ms added 50 ms to such a request on average
 * and 100 at worst. The notice is sent inside the transaction that moved the
 * renditions (PostgreSQL delivers it at commit, and never on rollback), and only
 * for documents outside a batch: NOTIFY serialises the commits of the
 * transactions that send one, and a billing run's have nobody waiting on them.
 *
 * A notice only wakes a waiter early; the waiter still reads the rendition
 * itself and still polls, so a notice lost with a dropped connection costs the
 * old delay, not the answer. The listening connection is opened by the first
 * waiter, so a worker process never holds one.
 */
@Injectable()
export class RenditionNotices implements OnApplicationShutdown {
  private readonly logger = new Logger('RenditionNotices');
  private readonly waiting = new Map<string, Set<() => void>>();
  private listening?: Promise<Client | undefined>;
  private client?: Client;
  private closed = false;

  constructor(@Inject(DATABASE_URL) private readonly databaseUrl: string) {}

  /**
   * Starts listening for a document; take it before reading the document's
   * renditions, so a notice sent between the read and the wait is not missed.
   */
  listen(documentId: string): RenditionNotice {
    this.ensureListening();
    let wake!: () => void;
    const heard = new Promise<void>((resolve) => (wake = resolve));
    const waiters = this.waiting.get(documentId) ?? new Set<() => void>();
    waiters.add(wake);
    this.waiting.set(documentId, waiters);
    return {
      heard,
      stop: () => {
        waiters.delete(wake);
        if (!waiters.size && this.waiting.get(documentId) === waiters) this.waiting.delete(documentId);
      },
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const client = await this.listening;
    await client?.end().catch(() => undefined);
  }

  private ensureListening(): void {
    if (this.listening || this.closed) return;
    this.listening = this.connect();
  }

  private async connect(): Promise<Client | undefined> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'ccm-rendition-notices' });
    this.client = client;
    const lost = (reason: string) => {
      if (this.closed || this.client !== client) return;
      this.logger.warn(`listening for renditions stopped (${reason}); waiters poll until the next one listens again`);
      this.client = undefined;
      this.listening = undefined;
      void client.end().catch(() => undefined);
    };
    client.on('notification', ({ channel, payload }) => {
      if (channel !== CHANNEL || !payload) return;
      for (const documentId of payload.split(',')) for (const wake of this.waiting.get(documentId) ?? []) wake();
    });
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.closed) await client.end();
      return client;
    } catch (error) {
      lost((error as Error).message);
      return undefined;
    }
  }
}
