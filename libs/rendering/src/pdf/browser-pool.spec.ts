import { DomainError } from '@app/kernel';
import { ChromiumPdfEngine } from './chromium-pdf.engine';
import { resolveChromiumExecutable } from './chromium-executable';
import type { PdfLogEntry } from './pdf-log';
import type { PdfRenderOptions } from './pdf-engine';
import { MAX_RENDER_TIMEOUT_MS } from './pdf-render-options';
import { renderNaive } from '../../../../bench/render-naive';
import { chromiumDescendants, livingPids } from '../../../../test/support/pdf/processes';
import { pdfInfo, pdfText } from '../../../../test/support/pdf/poppler';

const OPTIONS: PdfRenderOptions = { title: 'Pool test', lang: 'en', dir: 'ltr' };

/** The browser's main process: the Chromium child of this test process. */
async function browserPids(): Promise<number[]> {
  return (await chromiumDescendants()).filter((row) => row.ppid === process.pid).map((row) => row.pid);
}

describe('ChromiumPdfEngine browser lifecycle', () => {
  let executablePath: string;

  beforeAll(async () => {
    executablePath = await resolveChromiumExecutable();
  });

  it('prints the next document on a reused page without any trace of the previous one', async () => {
    const engine = new ChromiumPdfEngine({ executablePath, maxConcurrentPages: 1 });
    try {
      await engine.render(
        `<html lang="ar" dir="rtl"><head><title>First customer</title><meta http-equiv="refresh" content="1"></head>
         <body><p>Secret of customer A</p><img src="http://127.0.0.1:9/a.png"></body></html>`,
        { ...OPTIONS, title: 'First customer', lang: 'ar', dir: 'rtl' },
      );
      const second = await engine.render('<p>Letter for customer B</p>', { ...OPTIONS, title: 'Second customer' });
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const third = await engine.render('<p>Letter for customer C</p>', { ...OPTIONS, title: 'Third customer' });
      expect(await pdfText(second.bytes)).not.toContain('customer A');
      expect(await pdfText(third.bytes)).toContain('customer C');
      expect((await pdfInfo(second.bytes)).Title).toBe('Second customer');
      expect(second.blockedRequests).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('replaces the browser after its job limit and leaves no process of the old one', async () => {
    const logged: PdfLogEntry[] = [];
    const engine = new ChromiumPdfEngine({ executablePath, maxJobsPerBrowser: 3, log: (entry) => logged.push(entry) });
    try {
      await engine.render('<p>1</p>', OPTIONS);
      const firstTree = (await chromiumDescendants()).map((row) => row.pid);
      const [firstBrowser] = await browserPids();
      for (let i = 2; i <= 4; i += 1) await engine.render(`<p>${i}</p>`, OPTIONS);
      // The old browser shuts down in the background once its last document is out.
      await waitFor(async () => (await livingPids(firstTree)).length === 0);
      const now = await browserPids();
      expect(now).toHaveLength(1);
      expect(now[0]).not.toBe(firstBrowser);
      expect(logged.map((entry) => entry.event)).toEqual(
        expect.arrayContaining(['browser_launched', 'browser_retired', 'browser_launched']),
      );
    } finally {
      await engine.close();
    }
  });

  it('fails documents in flight as unavailable when the browser dies, and relaunches for the next', async () => {
    const engine = new ChromiumPdfEngine({ executablePath });
    try {
      await engine.render('<p>warm up</p>', OPTIONS);
      const tree = (await chromiumDescendants()).map((row) => row.pid);
      const [browser] = await browserPids();
      // A document heavy enough to still be printing when the browser is killed.
      const slow = `<table>${'<tr><td>row</td><td>row</td></tr>'.repeat(40_000)}</table>`;
      const inFlight = engine.render(slow, { ...OPTIONS, timeoutMs: 30_000 }).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.kill(browser, 'SIGKILL');
      const failure = await inFlight;
      expect(failure).toBeInstanceOf(DomainError);
      expect((failure as DomainError).code).toBe('unavailable');

      const next = await engine.render('<p>after the crash</p>', OPTIONS);
      expect(await pdfText(next.bytes)).toContain('after the crash');
      await waitFor(async () => (await livingPids(tree)).length === 0);
    } finally {
      await engine.close();
    }
  });

  it('fails a document whose renderer crashes without waiting for its timeout, and keeps serving', async () => {
    // Killing every renderer can leave this browser unable to open a page; the engine then
    // moves the next document to a fresh browser, sooner than the default page-open limit.
    const engine = new ChromiumPdfEngine({ executablePath, maxConcurrentPages: 1, pageOpenTimeoutMs: 10_000 });
    try {
      await engine.render('<p>warm up</p>', OPTIONS);
      const slow = `<table>${'<tr><td>row</td><td>row</td></tr>'.repeat(40_000)}</table>`;
      // The longest budget there is, past this test's own timeout: only the crash, never the deadline, can end it here.
      const inFlight = engine.render(slow, { ...OPTIONS, timeoutMs: MAX_RENDER_TIMEOUT_MS }).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const renderers = (await chromiumDescendants()).filter((row) => row.command.includes('--type=renderer'));
      expect(renderers.length).toBeGreaterThan(0);
      for (const renderer of renderers) process.kill(renderer.pid, 'SIGKILL');
      const failure = (await inFlight) as DomainError;
      expect(failure).toMatchObject({ code: 'unavailable' });
      expect(failure.details.reason).not.toBe('timeout');
      const next = await engine.render('<p>after the renderer crash</p>', OPTIONS);
      expect(await pdfText(next.bytes)).toContain('after the renderer crash');
    } finally {
      await engine.close();
    }
  });

  it('queues documents behind a busy page without counting the wait against their render budget', async () => {
    const engine = new ChromiumPdfEngine({ executablePath, maxConcurrentPages: 1 });
    try {
      await engine.render('<p>warm up</p>', OPTIONS);
      // Long documents hold the only page for longer than any queued document's budget;
      // how long that is depends on the machine, so it is measured first.
      const long = `<table>${'<tr><td>row</td><td>row</td></tr>'.repeat(1_500)}</table>`;
      const { renderMs } = await engine.render(long, { ...OPTIONS, timeoutMs: 120_000 });
      const budgetMs = Math.max(1_000, Math.round(renderMs / 2));
      const started = Date.now();
      // Two of them, so the queue is about four budgets long on a quiet machine and a busy one alike.
      const holding = Promise.all([1, 2].map(() => engine.render(long, { ...OPTIONS, timeoutMs: 120_000 })));
      const queued = Array.from({ length: 6 }, (_, i) =>
        engine.render(`<p>Queued letter ${i}</p>`, { ...OPTIONS, title: `Queued ${i}`, timeoutMs: budgetMs }),
      );
      const results = await Promise.all(queued);
      await holding;
      // The premise: the queue really was longer than a queued document's budget.
      expect(Date.now() - started).toBeGreaterThan(budgetMs);
      for (const [i, result] of results.entries()) expect(await pdfText(result.bytes)).toContain(`Queued letter ${i}`);
    } finally {
      await engine.close();
    }
  });

  it('fails the document printing on a browser that stopped answering and moves the one not yet started to a fresh browser', async () => {
    // Short enough to find the frozen browser within the test, long enough for a healthy
    // one to launch and open a page on a busy machine (3 s was not, under a full test run).
    const engine = new ChromiumPdfEngine({ executablePath, maxConcurrentPages: 2, pageOpenTimeoutMs: 10_000 });
    let hung: number | undefined;
    try {
      await engine.render('<p>warm up</p>', OPTIONS);
      [hung] = await browserPids();
      // Frozen, not dead: no crash report and no closed pipe tell the engine anything.
      process.kill(hung, 'SIGSTOP');
      const onIdlePage = engine.render('<p>on the page it had</p>', { ...OPTIONS, timeoutMs: 3_000 }).catch((error: unknown) => error);
      const onNewPage = engine.render('<p>on a page it must open</p>', OPTIONS).catch((error: unknown) => error);
      expect(await onIdlePage).toMatchObject({ code: 'unavailable' });
      // It never got a page on the frozen browser, so nothing of it had started there.
      expect(await pdfText((await onNewPage as { bytes: Uint8Array }).bytes)).toContain('on a page it must open');
      // The engine may have killed the browser it gave up on already; either way it must not come back into use.
      resume(hung);

      const next = await engine.render('<p>after the freeze</p>', OPTIONS);
      expect(await pdfText(next.bytes)).toContain('after the freeze');
      await waitFor(async () => !(await browserPids()).includes(hung!));
    } finally {
      // A failed run must not leave a frozen browser behind.
      if (hung !== undefined) resume(hung);
      await engine.close();
    }
  });

  it('close waits for documents in flight, then leaves no Chromium process behind', async () => {
    const engine = new ChromiumPdfEngine({ executablePath, maxConcurrentPages: 2 });
    await engine.render('<p>warm up</p>', OPTIONS);
    const events: string[] = [];
    const long = (i: number) => `<h1>Document ${i}</h1><table>${'<tr><td>line</td></tr>'.repeat(1_500)}</table>`;
    const renders = [1, 2, 3].map((i) =>
      engine.render(long(i), OPTIONS).then(
        (result) => (events.push(`done ${i}`), result),
        (error: unknown) => (events.push(`failed ${i}`), Promise.reject(error)),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tree = (await chromiumDescendants()).map((row) => row.pid);
    expect(tree.length).toBeGreaterThan(0);

    await engine.close();
    events.push('closed');
    const [first, second, third] = await Promise.allSettled(renders);

    // The two documents holding a page finished before close returned; the one still
    // waiting for a page was refused as retryable.
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('fulfilled');
    expect(third).toMatchObject({ status: 'rejected', reason: { code: 'unavailable' } });
    expect(events.indexOf('closed')).toBeGreaterThan(Math.max(events.indexOf('done 1'), events.indexOf('done 2')));
    expect(await livingPids(tree)).toEqual([]);
    expect(await chromiumDescendants()).toEqual([]);
    await expect(engine.render('<p>late</p>', OPTIONS)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('renderNaive prints with its own browser and closes it', async () => {
    const result = await renderNaive('<p>Baseline document</p>', OPTIONS, executablePath);
    expect(result.pages).toBe(1);
    expect(await pdfText(result.bytes)).toContain('Baseline document');
    expect(await browserPids()).toEqual([]);
  });
});

/** Lets a stopped process run again, if it is still there. */
function resume(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    // Already ended.
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
