import { Client } from 'pg';
import { postDocuments } from '../support/faults/bulk-post';
import { DeliveryLedger } from '../support/faults/delivery-ledger';
import { phoneInvoice } from '../support/faults/fault-documents';
import { faultReport, printFaultReport, progress, settleAndReport } from '../support/faults/fault-report';
import { FaultRig } from '../support/faults/fault-rig';
import { until } from '../support/faults/poll';
import { SmtpSink } from '../support/faults/smtp-sink';
import { Answer, FakeProviderServer, FakeTwilioServer, FakeWhatsAppCloudServer } from '../support/providers';
import { createTestDatabase } from '../support/test-database';

/** Scenario 5's invoices: even indexes by SMS, odd by WhatsApp. */
const STORM_DOCUMENTS = 300;
/** What each provider asks for in its 429s: Twilio in seconds, Meta a little longer, so the two are told apart. */
const RETRY_AFTER_S = { sms: 2, whatsapp: 3 } as const;
/**
 * The storm ends on progress, not on a clock: 429s until this many recipients of each
 * provider have been told so, and told so this many times in all (several rounds of
 * waiting out Retry-After) …
 */
const RATE_LIMITED_RECIPIENTS = 100;
const RATE_LIMITED_ANSWERS = 300;
/** … then 500s until this many tries of each have been answered so. */
const SERVER_ERRORS = 200;

interface TryRow {
  document_id: string;
  channel: 'sms' | 'whatsapp' | 'email';
  attempt: number;
  outcome: string;
  error: string | null;
  started_at: Date;
  finished_at: Date;
  next_attempt_at: Date | null;
}

interface DeliveryRow {
  id: string;
  document_id: string;
  channel: string;
  status: string;
  reason: string;
  recipient: string;
  provider: string | null;
  provider_message_id: string | null;
  attempts: number;
  last_error: string | null;
}

async function query<T>(databaseUrl: string, sql: string, params: unknown[]): Promise<T[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

const deliveriesOf = (databaseUrl: string, ids: readonly string[]) =>
  query<DeliveryRow>(
    databaseUrl,
    `SELECT id, document_id, channel, status, reason, recipient, provider, provider_message_id, attempts, last_error
       FROM deliveries WHERE document_id = ANY($1::uuid[]) ORDER BY created_at`,
    [ids],
  );

const triesOf = (databaseUrl: string, ids: readonly string[]) =>
  query<TryRow>(
    databaseUrl,
    `SELECT d.document_id, d.channel, a.attempt, a.outcome, a.error, a.started_at, a.finished_at, a.next_attempt_at
       FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
      WHERE d.document_id = ANY($1::uuid[]) ORDER BY d.id, a.attempt`,
    [ids],
  );

/** Answers per recipient, oldest first. */
function byRecipient(answers: readonly Answer[]): Map<string, Answer[]> {
  const map = new Map<string, Answer[]>();
  for (const answer of answers) map.set(answer.to, [...(map.get(answer.to) ?? []), answer]);
  for (const list of map.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime());
  return map;
}

/** Recipients a provider accepted a message for more than once: a message the customer got twice. */
function acceptedTwice(provider: FakeProviderServer): string[] {
  return [...byRecipient(provider.answers.filter((answer) => answer.status < 300)).entries()].filter(([, list]) => list.length > 1).map(([to]) => to);
}

/**
 * Each 429 and the recipient's next request at the provider, as the provider saw
 * them: the gap must be at least the Retry-After it asked for.
 */
function retriesAfter429(provider: FakeProviderServer): { checked: number; minGapMs: number; tooSoon: string[] } {
  let checked = 0;
  let minGapMs = Number.POSITIVE_INFINITY;
  const tooSoon: string[] = [];
  for (const [to, list] of byRecipient(provider.answers)) {
    list.forEach((answer, i) => {
      const next = list[i + 1];
      if (answer.status !== 429 || !next) return;
      checked++;
      const gap = next.at.getTime() - answer.at.getTime();
      minGapMs = Math.min(minGapMs, gap);
      if (gap < Number(answer.retryAfter) * 1000) tooSoon.push(`${to}: next request ${gap} ms after a 429 asking ${answer.retryAfter} s`);
    });
  }
  return { checked, minGapMs, tooSoon };
}

const most429s = (provider: FakeProviderServer) =>
  Math.max(0, ...[...byRecipient(provider.answers.filter((answer) => answer.status === 429)).values()].map((list) => list.length));

const statusCounts = (provider: FakeProviderServer) =>
  provider.answers.reduce<Record<string, number>>((counts, answer) => ({ ...counts, [answer.status]: (counts[answer.status] ?? 0) + 1 }), {});

/**
 * Scenarios 5 and 6: the SMS and WhatsApp providers misbehave the way providers
 * do. First a storm: 429s with Retry-After, then 500s, then calm; every invoice
 * must still go out, once, and no retry may come sooner than the provider asked.
 * Then permanent refusals (an undeliverable WhatsApp number, an invalid SMS
 * number): those fail at once, without retries, and the invoice goes out on its
 * next channel instead.
 */
describe('the SMS and WhatsApp providers in a storm, then refusing for good', () => {
  const smtp = new SmtpSink();
  const twilio = new FakeTwilioServer();
  const whatsapp = new FakeWhatsAppCloudServer();
  let databaseUrl: string;
  let rig: FaultRig | undefined;

  beforeAll(async () => {
    await twilio.listen();
    await whatsapp.listen();
    databaseUrl = await createTestDatabase();
    rig = await FaultRig.start({
      databaseUrl,
      smtp,
      env: {
        ...twilio.env(),
        ...whatsapp.env(),
        // Short backoff so a 500 is retried within the run; a 429 still waits its Retry-After.
        CCM_DISPATCH_BACKOFF_BASE_MS: '250',
        CCM_DISPATCH_BACKOFF_MAX_MS: '4000',
        // Enough tries to ride out the storm: the run is about waiting well, not about giving up.
        CCM_DISPATCH_MAX_ATTEMPTS: '40',
        CCM_DISPATCH_SMS_RATE: '50',
        CCM_DISPATCH_WHATSAPP_RATE: '50',
      },
    });
  }, 180_000);

  afterAll(async () => {
    await rig?.close();
    await smtp.stop();
    await twilio.close();
    await whatsapp.close();
  });

  it('scenario 5: sends every invoice once through 429s and 500s, never retrying sooner than Retry-After', async () => {
    const log = progress('provider storm');
    const started = Date.now();
    twilio.respondWith({ kind: 'rate-limited', retryAfter: String(RETRY_AFTER_S.sms) });
    whatsapp.respondWith({ kind: 'rate-limited', retryAfter: String(RETRY_AFTER_S.whatsapp) });
    const phases: Record<string, string[]> = { sms: [], whatsapp: [] };

    const posting = postDocuments({
      url: rig!.url,
      apiKey: rig!.apiKey,
      count: STORM_DOCUMENTS,
      concurrency: 4,
      body: (index) => phoneInvoice('STORM', index, [index % 2 === 0 ? 'sms' : 'whatsapp']),
      idempotencyPrefix: 'storm',
      log,
    });

    // Each provider's storm: 429s until enough recipients have met one, then 500s for a while, then calm.
    const storm = async (name: 'sms' | 'whatsapp', provider: FakeProviderServer) => {
      const tooMany = () => provider.answers.filter((answer) => answer.status === 429);
      const rateLimited = () => new Set(tooMany().map((answer) => answer.to)).size;
      await until(
        `${name}: ${RATE_LIMITED_ANSWERS} answers 429 to ${RATE_LIMITED_RECIPIENTS} recipients`,
        () => rateLimited() >= RATE_LIMITED_RECIPIENTS && tooMany().length >= RATE_LIMITED_ANSWERS,
        150_000,
      );
      provider.reset();
      provider.respondWith({ kind: 'server-error' });
      phases[name].push(`${tooMany().length} answered 429 (${rateLimited()} recipients)`);
      log(`${name}: ${phases[name][0]}; now 500s`);
      const serverErrors = () => provider.answers.filter((answer) => answer.status === 500).length;
      await until(`${name}: ${SERVER_ERRORS} server errors`, () => serverErrors() >= SERVER_ERRORS, 150_000);
      provider.reset();
      phases[name].push(`${serverErrors()} answered 500`);
      log(`${name}: ${phases[name][1]}; provider calm again`);
    };
    const storms = Promise.all([storm('sms', twilio), storm('whatsapp', whatsapp)]);

    const posted = await posting;
    expect(posted.rejected).toEqual([]);
    expect(posted.gaveUp).toEqual([]);
    expect(posted.ids).toHaveLength(STORM_DOCUMENTS);
    await storms;

    const ledger = new DeliveryLedger(databaseUrl, posted.ids);
    const worker = rig!.worker;
    let report: Record<string, unknown> = {};
    const totals = await settleAndReport(ledger, { timeoutMs: 180_000, log, explain: () => worker.output() }, (totals) => {
      const sms = retriesAfter429(twilio);
      const wa = retriesAfter429(whatsapp);
      report = {
        'provider answers (sms)': statusCounts(twilio),
        'provider answers (whatsapp)': statusCounts(whatsapp),
        'storm (sms)': phases.sms.join(', '),
        'storm (whatsapp)': phases.whatsapp.join(', '),
        'retries after a 429 checked': `sms ${sms.checked} (closest ${sms.minGapMs} ms), whatsapp ${wa.checked} (closest ${wa.minGapMs} ms)`,
        'most 429s to one recipient': `sms ${most429s(twilio)}, whatsapp ${most429s(whatsapp)}`,
        'retried sooner than Retry-After': sms.tooSoon.length + wa.tooSoon.length,
        'messages accepted twice (target 0)': acceptedTwice(twilio).length + acceptedTwice(whatsapp).length,
      };
      return faultReport('SMS and WhatsApp providers: 429s, then 500s, then calm', posted.ids.length, totals, smtp, started, report);
    });

    expect(totals).toMatchObject({ deliveries: STORM_DOCUMENTS, sent: STORM_DOCUMENTS, failed: 0, unrecordedTries: 0 });
    const deliveries = await deliveriesOf(databaseUrl, posted.ids);
    expect(deliveries.filter((d) => d.reason !== 'primary' || d.status !== 'sent')).toEqual([]);
    expect(deliveries.filter((d) => d.channel === 'sms')).toHaveLength(STORM_DOCUMENTS / 2);

    // Every accepted message reached its provider exactly once, and the delivery names the one the provider accepted.
    expect(acceptedTwice(twilio)).toEqual([]);
    expect(acceptedTwice(whatsapp)).toEqual([]);
    const acceptedIds = new Set([...twilio.messages.map((m) => m.sid), ...whatsapp.messages.map((m) => m.id)]);
    expect(deliveries.filter((d) => !acceptedIds.has(d.provider_message_id!)).map((d) => d.id)).toEqual([]);
    expect(twilio.messages).toHaveLength(STORM_DOCUMENTS / 2);
    expect(whatsapp.messages).toHaveLength(STORM_DOCUMENTS / 2);

    // The retries are in each delivery's history, with what the provider said.
    const tries = await triesOf(databaseUrl, posted.ids);
    const after429 = tries.filter((t) => t.outcome === 'retry' && /answered 429/.test(t.error ?? ''));
    const after500 = tries.filter((t) => t.outcome === 'retry' && /answered 500/.test(t.error ?? ''));
    const causes = tries.filter((t) => t.outcome === 'retry').reduce<Record<string, number>>((c, t) => {
      const cause = `${t.channel} ${(t.error ?? '').replace(/[0-9a-f-]{36}/g, '…').slice(0, 60)}`;
      return { ...c, [cause]: (c[cause] ?? 0) + 1 };
    }, {});
    log(`retries by cause: ${JSON.stringify(causes)}`);
    expect(new Set(after429.map((t) => t.channel))).toEqual(new Set(['sms', 'whatsapp']));
    expect(new Set(after500.map((t) => t.channel))).toEqual(new Set(['sms', 'whatsapp']));
    // One recorded retry for each 429 and 500 the providers gave: no refused try goes unrecorded, none is invented.
    const refusedByProviders = [twilio, whatsapp].reduce((sum, provider) => sum + (statusCounts(provider)[429] ?? 0) + (statusCounts(provider)[500] ?? 0), 0);
    expect(totals.attemptsByOutcome.retry).toBe(refusedByProviders);
    expect(after429.length + after500.length).toBe(refusedByProviders);

    // As recorded: each 429 scheduled its next try no sooner than Retry-After after the try began, and the next try waited for it.
    const next = new Map(tries.map((t) => [`${t.document_id}/${t.channel}/${t.attempt}`, t]));
    const early: string[] = [];
    let closestAfterRecorded = Number.POSITIVE_INFINITY;
    for (const t of after429) {
      const retryAfterMs = RETRY_AFTER_S[t.channel as 'sms' | 'whatsapp'] * 1000;
      const following = next.get(`${t.document_id}/${t.channel}/${t.attempt + 1}`);
      if (!t.next_attempt_at || t.next_attempt_at.getTime() - t.started_at.getTime() < retryAfterMs) early.push(`${t.document_id} try ${t.attempt}: next at ${t.next_attempt_at?.toISOString()}`);
      if (!following) early.push(`${t.document_id} try ${t.attempt}: no next try`);
      else if (following.started_at.getTime() < t.next_attempt_at!.getTime()) early.push(`${t.document_id} try ${t.attempt + 1} started before ${t.next_attempt_at!.toISOString()}`);
      else closestAfterRecorded = Math.min(closestAfterRecorded, following.started_at.getTime() - t.finished_at.getTime());
    }
    log(`closest next try after a recorded 429: ${closestAfterRecorded} ms after it was recorded`);
    expect(early).toEqual([]);

    // As the providers saw it: no request for a recipient came sooner than the Retry-After its 429 asked for.
    const sms = retriesAfter429(twilio);
    const wa = retriesAfter429(whatsapp);
    expect(sms.tooSoon).toEqual([]);
    expect(wa.tooSoon).toEqual([]);
    // Every 429 was followed by a later try, and the storm made some recipients wait out Retry-After more than once.
    expect(sms.checked).toBe(statusCounts(twilio)[429]);
    expect(wa.checked).toBe(statusCounts(whatsapp)[429]);
    expect(sms.checked).toBeGreaterThanOrEqual(RATE_LIMITED_ANSWERS);
    expect(wa.checked).toBeGreaterThanOrEqual(RATE_LIMITED_ANSWERS);
    expect(Math.min(most429s(twilio), most429s(whatsapp))).toBeGreaterThan(1);
  }, 420_000);

  it('scenario 6: fails an undeliverable WhatsApp number and an invalid SMS number at once, and falls back', async () => {
    const log = progress('permanent refusals');
    const started = Date.now();
    twilio.reset();
    whatsapp.reset();
    const smtpBefore = smtp.total;
    // Per channel order: refused, then accepted, so the fallback is seen to be the refusal's doing alone.
    const groups = [
      { channels: ['whatsapp', 'sms'], refused: true, count: 20 },
      { channels: ['whatsapp', 'sms'], refused: false, count: 10 },
      { channels: ['sms', 'email'], refused: true, count: 20 },
      { channels: ['sms', 'email'], refused: false, count: 10 },
    ];
    const plan = groups.flatMap(({ channels, refused, count }) => Array.from({ length: count }, () => ({ channels, refused })));
    // Indexes apart from scenario 5's, so every number is new to the providers.
    const bodies = plan.map((entry, i) => phoneInvoice('REFUSED', 5000 + i, entry.channels));
    for (const [i, entry] of plan.entries()) {
      if (!entry.refused) continue;
      const recipient = bodies[i].recipient;
      if (entry.channels[0] === 'whatsapp') whatsapp.respondWith({ kind: 'refused', code: 131026, message: 'Message undeliverable', to: recipient.whatsapp });
      else twilio.respondWith({ kind: 'refused', code: 21211, message: "The 'To' number is not a valid phone number.", to: recipient.phone });
    }

    const posted = await postDocuments({ url: rig!.url, apiKey: rig!.apiKey, count: plan.length, concurrency: 4, body: (i) => bodies[i], idempotencyPrefix: 'refused', log });
    expect(posted.rejected).toEqual([]);
    expect(posted.ids).toHaveLength(plan.length);
    const refusedIds = posted.ids.filter((_, i) => plan[i].refused);
    const acceptedIds = posted.ids.filter((_, i) => !plan[i].refused);

    const all = new DeliveryLedger(databaseUrl, posted.ids);
    const settled = await Promise.all([
      new DeliveryLedger(databaseUrl, refusedIds).waitUntilSettled({ timeoutMs: 120_000, perDocument: 2, log }),
      new DeliveryLedger(databaseUrl, acceptedIds).waitUntilSettled({ timeoutMs: 120_000, perDocument: 1, log }),
    ]).then(
      () => undefined,
      (error: Error) => error,
    );
    const totals = await all.totals();
    const deliveries = await deliveriesOf(databaseUrl, posted.ids);
    const requestsTo = (provider: FakeProviderServer, to: string) => provider.answers.filter((answer) => answer.to === to).length;
    printFaultReport(
      faultReport('WhatsApp 131026 and Twilio 21211 for some recipients', posted.ids.length, totals, smtp, started, {
        fallbacks: deliveries.filter((d) => d.reason.startsWith('fallback')).map((d) => d.reason).reduce<Record<string, number>>((c, r) => ({ ...c, [r]: (c[r] ?? 0) + 1 }), {}),
        'failed after one try': deliveries.filter((d) => d.status === 'failed' && d.attempts === 1).length,
        'mail received in this run': smtp.total - smtpBefore,
      }),
    );
    if (settled) throw settled;

    const mismatches: string[] = [];
    for (const [i, id] of posted.ids.entries()) {
      const { channels, refused } = plan[i];
      const recipient = bodies[i].recipient;
      const mine = deliveries.filter((d) => d.document_id === id);
      const [first, second] = channels;
      const shape = mine.map((d) => `${d.channel}:${d.status}:${d.reason}:${d.attempts}`).join(' ');
      const expected = refused ? `${first}:failed:primary:1 ${second}:sent:fallback after ${first} failed:1` : `${first}:sent:primary:1`;
      if (shape !== expected) mismatches.push(`${id} (${channels.join(',')}${refused ? ', refused' : ''}): ${shape}, expected ${expected}`);
      if (refused && !new RegExp(first === 'whatsapp' ? '131026' : '21211').test(mine[0]?.last_error ?? '')) mismatches.push(`${id}: last error ${mine[0]?.last_error}`);
      // The refused channel was asked once: no retry of a permanent refusal.
      const firstProvider = first === 'whatsapp' ? whatsapp : twilio;
      const asked = requestsTo(firstProvider, first === 'whatsapp' ? recipient.whatsapp : recipient.phone);
      if (asked !== 1) mismatches.push(`${id}: ${first} provider asked ${asked} times`);
      // The fallback reached its recipient once, and only when there was a refusal.
      const fallbackGot =
        second === 'sms' ? twilio.messages.filter((m) => m.to === recipient.phone).length : smtp.messages().filter((m) => m.to.includes(recipient.email)).length;
      if (fallbackGot !== (refused ? 1 : 0)) mismatches.push(`${id}: ${second} received ${fallbackGot} messages`);
    }
    expect(mismatches).toEqual([]);

    const tries = await triesOf(databaseUrl, refusedIds);
    const refusedTries = tries.filter((t) => t.outcome !== 'sent');
    expect(refusedTries.map((t) => [t.attempt, t.outcome, t.next_attempt_at])).toEqual(refusedIds.map(() => [1, 'failed', null]));
    expect(smtp.total - smtpBefore).toBe(20);
    expect(smtp.duplicates).toBe(0);
  }, 300_000);
});
