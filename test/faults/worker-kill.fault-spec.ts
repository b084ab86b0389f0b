import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@app/config';
import { postDocuments } from '../support/faults/bulk-post';
import { DeliveryLedger } from '../support/faults/delivery-ledger';
import { emailInvoice } from '../support/faults/fault-documents';
import { faultReport, progress, settleAndReport } from '../support/faults/fault-report';
import { FaultRig } from '../support/faults/fault-rig';
import { until } from '../support/faults/poll';
import { SmtpSink } from '../support/faults/smtp-sink';
import { seededRandom } from '../support/seeded-random';
import { createTestDatabase } from '../support/test-database';

const DOCUMENTS = Number(process.env.CCM_FAULT_DOCUMENTS ?? 2000);
const KILLS = 6;
/** Emails a worker hands to the SMTP transport at once: CCM_DISPATCH_EMAIL_CONCURRENCY's default. */
const SENDS_IN_HAND = loadConfig({}).dispatch.concurrency.email;
/** Fixed so a failing run replays the same kill moments; CCM_FAULT_SEED tries others. */
const SEED = Number(process.env.CCM_FAULT_SEED ?? 20261203);

/**
 * Scenario 3: the worker is killed with SIGKILL at random moments while thousands
 * of documents are rendered and mailed, and started again each time. Every
 * document still arrives at the mail server. A second arrival of a `Message-ID`
 * can only come from the one window nothing can close (the server accepted, the
 * worker died before recording it): each is a try the database shows begun and
 * never recorded, at most as many as the sends the killed workers had in hand.
 * The run prints how many there were; the target is 0.
 */
describe('scenario 3: kill -9 the worker repeatedly during a bulk run', () => {
  const smtp = new SmtpSink();
  let rig: FaultRig | undefined;

  afterAll(async () => {
    await rig?.close();
    await smtp.stop();
  });

  it(`delivers every one of ${DOCUMENTS} documents across ${KILLS} kills, resending only what a kill interrupted`, async () => {
    const log = progress('kill -9');
    const random = seededRandom(SEED);
    const databaseUrl = await createTestDatabase();
    rig = await FaultRig.start({ databaseUrl, smtp });
    const started = Date.now();
    log(`seed ${SEED}; posting ${DOCUMENTS} documents`);

    const posting = postDocuments({
      url: rig.url,
      apiKey: rig.apiKey,
      count: DOCUMENTS,
      concurrency: 6,
      body: (index) => emailInvoice('KILL9', index),
      idempotencyPrefix: `kill9-${SEED}`,
      log,
    });

    // Kills spread over the whole run: each once a random share of the mail has arrived (its
    // own slice of 5–90 %, so none bunch up), and at least a random 0.5–3 s after the worker
    // came back, so it always dies with jobs in hand, rendering or sending.
    const killAt = Array.from({ length: KILLS }, (_, kill) => Math.floor(DOCUMENTS * (0.05 + (0.85 * (kill + random())) / KILLS)));
    const killMoments: string[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      const settle = 500 + Math.floor(random() * 2_500);
      await sleep(settle);
      await until(`${killAt[kill - 1]} mails before kill ${kill}`, () => smtp.total >= killAt[kill - 1], 240_000, 20);
      await rig.worker.kill('SIGKILL');
      killMoments.push(`${smtp.total} mails in`);
      log(`kill ${kill}: SIGKILL at ${smtp.total} mails received (aimed at ${killAt[kill - 1]})`);
      await rig.worker.start();
    }

    const posted = await posting;
    expect(posted.rejected).toEqual([]);
    expect(posted.gaveUp).toEqual([]);
    expect(posted.ids).toHaveLength(DOCUMENTS);

    const ledger = new DeliveryLedger(databaseUrl, posted.ids);
    const worker = rig.worker;
    const totals = await settleAndReport(ledger, { timeoutMs: 300_000, log, explain: () => worker.output() }, (totals) =>
      faultReport('kill -9 the worker during a bulk run', posted.ids.length, totals, smtp, started, {
        seed: SEED,
        kills: KILLS,
        'killed at': killMoments,
        'worker starts': worker.starts,
        'duplicates per kill': (smtp.duplicates / KILLS).toFixed(2),
        'duplicated ids': smtp.duplicated(),
      }),
    );

    expect(totals).toMatchObject({ deliveries: DOCUMENTS, sent: DOCUMENTS, failed: 0 });
    // Every delivery's message arrived, by the mail server's own count.
    const missing = (await ledger.emailMessageIds()).filter((id) => smtp.count(id) === 0);
    expect(missing).toEqual([]);
    expect(smtp.distinct).toBe(DOCUMENTS);
    // Target 0. A duplicate needs a kill between the server's 250 and the commit that records
    // it: each one is a try the database shows begun and never recorded, and a kill can catch
    // at most the sends the worker had in hand.
    expect(smtp.duplicates).toBeLessThanOrEqual(totals.unrecordedTries);
    expect(smtp.duplicates).toBeLessThanOrEqual(KILLS * SENDS_IN_HAND);
  }, 480_000);
});
