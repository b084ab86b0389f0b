import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunningDatabase, startEmbeddedPostgres } from '../../libs/persistence/src';
import { postDocuments } from '../support/faults/bulk-post';
import { DeliveryLedger } from '../support/faults/delivery-ledger';
import { emailInvoice } from '../support/faults/fault-documents';
import { faultReport, progress, settleAndReport } from '../support/faults/fault-report';
import { FaultRig } from '../support/faults/fault-rig';
import { until } from '../support/faults/poll';
import { SmtpSink } from '../support/faults/smtp-sink';
import { PlatformProcess } from '../support/platform-process';

const DOCUMENTS = 400;
/** The restart happens once this many documents were accepted, while intake and dispatch are both busy. */
const RESTART_AT = 120;
const DOWN_MS = 10_000;
/** An answer slower than this during the outage counts as a hang. */
const ANSWER_WITHIN_MS = 20_000;

/**
 * Scenario 7: the database restarts in the middle of a run. Meanwhile the API
 * answers 503 problem+json with Retry-After (not 500, and without hanging), so
 * a client retrying with the same Idempotency-Key loses nothing; afterwards the
 * API and the worker carry on by themselves and the run completes. The suite
 * owns this PostgreSQL (as test/database-restart.e2e-spec.ts does) so it can
 * stop and start it.
 */
describe('scenario 7: the database restarts mid-run', () => {
  const smtp = new SmtpSink();
  let rig: FaultRig | undefined;
  let database: RunningDatabase | undefined;

  afterAll(async () => {
    await rig?.close();
    await smtp.stop();
    await database?.stop();
  });

  it('answers 503 while it is down, loses nothing and completes the run', async () => {
    const log = progress('database restart');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ccm-fault-pg-'));
    const port = await PlatformProcess.freePort();
    database = await startEmbeddedPostgres({ dataDir, port, database: 'ccm' });
    const databaseUrl = database.url;
    rig = await FaultRig.start({ databaseUrl, smtp });
    const api = rig.url;
    const started = Date.now();

    let accepted = 0;
    const posting = postDocuments({
      url: api,
      apiKey: rig.apiKey,
      count: DOCUMENTS,
      concurrency: 2,
      body: (index) => emailInvoice('DBRESTART', index),
      idempotencyPrefix: 'db-restart',
      retryForMs: 180_000,
      requestTimeoutMs: ANSWER_WITHIN_MS,
      onAccepted: (count) => (accepted = count),
      log,
    });
    await until(`${RESTART_AT} documents accepted`, () => accepted >= RESTART_AT, 120_000, 20);
    await database.stop();
    log(`database stopped after ${accepted} documents accepted and ${smtp.total} mails sent`);

    // What a client sees meanwhile: a prompt 503 it can act on.
    const health = await fetch(`${api}/health`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    expect(health.status).toBe(503);
    const during = await fetch(`${api}/v1/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${rig.apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'db-restart-probe' },
      body: JSON.stringify(emailInvoice('DBRESTART-PROBE', 0)),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    expect(during.status).toBe(503);
    expect(during.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    const read = await fetch(`${api}/v1/documents/${randomUUID()}`, { headers: { Authorization: `Bearer ${rig.apiKey}` }, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    expect(read.status).toBe(503);
    // The outage itself, with the bulk client retrying through it.
    await sleep(DOWN_MS);

    database = await startEmbeddedPostgres({ dataDir, port, database: 'ccm' });
    log('database back');
    await until('the API is healthy again', async () => (await fetch(`${api}/health`).catch(() => undefined))?.ok === true, 60_000);

    const posted = await posting;
    expect(posted.rejected).toEqual([]);
    expect(posted.gaveUp).toEqual([]);
    expect(posted.ids).toHaveLength(DOCUMENTS);
    expect(new Set(posted.ids).size).toBe(DOCUMENTS);
    // The bulk client met the outage as 503s, never a 500 or a hang. A request the outage cut
    // off after its Idempotency-Key was claimed answers 409 (still in flight, retry later)
    // until that claim lapses, and then goes through.
    expect(posted.statuses['503']).toBeGreaterThan(0);
    expect(Object.keys(posted.statuses).filter((status) => !['201', '409', '503'].includes(status))).toEqual([]);

    const ledger = new DeliveryLedger(databaseUrl, posted.ids);
    const worker = rig.worker;
    const totals = await settleAndReport(ledger, { timeoutMs: 240_000, log, explain: () => worker.output() }, (totals) =>
      faultReport('database restart mid-run', posted.ids.length, totals, smtp, started, {
        'accepted before the restart': RESTART_AT,
        'responses to the bulk client': posted.statuses,
        'worker starts': worker.starts,
      }),
    );

    expect(rig.worker.alive).toBe(true);
    expect(rig.worker.starts).toBe(1);
    expect(totals).toMatchObject({ deliveries: DOCUMENTS, sent: DOCUMENTS, failed: 0 });
    expect(smtp.distinct).toBe(DOCUMENTS);
    const missing = (await ledger.emailMessageIds()).filter((id) => smtp.count(id) === 0);
    expect(missing).toEqual([]);
    // A send the server accepted while the database could not record it is sent again:
    // each duplicate is such a try, unrecorded.
    expect(smtp.duplicates).toBeLessThanOrEqual(totals.unrecordedTries);
  }, 420_000);
});
