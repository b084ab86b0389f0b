import type { EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { takeRelayMark } from './job-outbox';

/**
 * Starts a relay pass as soon as a transaction that sent a job someone waits on
 * (`QueueDefinition.awaited`) commits, so the job reaches Redis within
 * milliseconds instead of at the relay's next poll: an on-demand document's
 * render job waited up to a poll interval there. Other jobs, a batch's above
 * all, wait for the poll: a pass per commit would be a transaction per commit
 * more. The relays poll for everything, the rows of a process that died before
 * its pass included.
 */
export class RelayOnCommit implements EntitySubscriberInterface {
  constructor(private readonly kick: () => void) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint released inside the transaction commits nothing yet: the mark waits for the COMMIT.
    if (event.queryRunner.isTransactionActive) return;
    if (takeRelayMark(event.queryRunner)) this.kick();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) takeRelayMark(event.queryRunner);
  }
}
