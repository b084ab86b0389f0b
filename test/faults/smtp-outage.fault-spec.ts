import { setTimeout as sleep } from 'node:timers/promises';
import { postDocuments } from '../support/faults/bulk-post';
import { DeliveryLedger } from '../support/faults/delivery-ledger';
import { emailInvoice } from '../support/faults/fault-documents';
import { faultReport, progress, settleAndReport } from '../support/faults/fault-report';
import { FaultRig } from '../support/faults/fault-rig';
import { until } from '../support/faults/poll';
import { SmtpSink } from '../support/faults/smtp-sink';
import { createTestDatabase } from '../support/test-database';

const DOCUMENTS = 300;
const OUTAGE_MS = 30_000;

/**
 * Scenario 4: the mail server goes away for 30 s in the middle of a run (new
 * connections refused, open ones dropped) and comes back on the same port.
 * Sends during the outage are temporary failures: retried with backoff, each
 * try recorded, and once the server is back everything is delivered, once.
 */
describe('scenario 4: the SMTP server is down for 30 s, then back', () => {
  const smtp = new SmtpSink();
  let rig: FaultRig | undefined;

  afterAll(async () => {
    await rig?.close();
    await smtp.stop();
  });

  it('delivers everything after the recovery, with the failed tries in each delivery history', async () => {
    const log = progress('smtp outage');
    const databaseUrl = await createTestDatabase();
    rig = await FaultRig.start({ databaseUrl, smtp });
    const port = smtp.port;
    const started = Date.now();

    const posting = postDocuments({
      url: rig.url,
      apiKey: rig.apiKey,
      count: DOCUMENTS,
      concurrency: 4,
      body: (index) => emailInvoice('OUTAGE', index),
      idempotencyPrefix: 'outage',
      log,
    });
    await until('the first mails arrive', () => smtp.total >= 40, 120_000);
    await smtp.stop();
    const receivedBefore = smtp.total;
    log(`SMTP server stopped after ${receivedBefore} mails; down for ${OUTAGE_MS / 1000} s`);
    // The outage itself: the platform keeps accepting and trying meanwhile.
    await sleep(OUTAGE_MS);
    expect(smtp.total).toBe(receivedBefore);
    await smtp.start(port);
    expect(smtp.port).toBe(port);
    log('SMTP server back on the same port');

    const posted = await posting;
    expect(posted.rejected).toEqual([]);
    expect(posted.gaveUp).toEqual([]);
    expect(posted.ids).toHaveLength(DOCUMENTS);
    const ledger = new DeliveryLedger(databaseUrl, posted.ids);
    const worker = rig.worker;
    const totals = await settleAndReport(ledger, { timeoutMs: 240_000, log, explain: () => worker.output() }, (totals) =>
      faultReport('SMTP server down for 30 s', posted.ids.length, totals, smtp, started, { 'mails before the outage': receivedBefore }),
    );

    expect(totals).toMatchObject({ deliveries: DOCUMENTS, sent: DOCUMENTS, failed: 0 });
    expect(smtp.distinct).toBe(DOCUMENTS);
    // Nothing crashed, so nothing may arrive twice.
    expect(smtp.duplicates).toBe(0);
    expect(totals.attemptsByOutcome.retry).toBeGreaterThan(0);

    // The history as the API shows it: a retried delivery counts its tries, and the database keeps each one.
    const retried = await ledger.documentsWithOutcome('retry');
    expect(retried.length).toBeGreaterThan(0);
    const id = retried[0];
    const res = await fetch(`${rig.url}/v1/documents/${id}`, { headers: { Authorization: `Bearer ${rig.apiKey}` } });
    expect(res.status).toBe(200);
    const document = (await res.json()) as { deliveries: Array<{ channel: string; status: string; attempts: number; lastError: string | null }> };
    const email = document.deliveries.find((delivery) => delivery.channel === 'email');
    expect(email?.status).toBe('sent');
    expect(email!.attempts).toBeGreaterThan(1);
    const attempts = await ledger.attemptsOf(id);
    expect(attempts.map((attempt) => attempt.outcome)).toEqual([...Array(attempts.length - 1).fill('retry'), 'sent']);
    expect(attempts[0].error).toBeTruthy();
    expect(attempts).toHaveLength(email!.attempts);
  }, 420_000);
});
