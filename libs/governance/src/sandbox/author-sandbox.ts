import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AssetStore } from '@app/assets';
import type { ComposedOutput, ComposeOptions } from '@app/composer';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DomainError } from '@app/kernel';
import type { Channel, PinnedVersion, TemplateContent } from '@app/contracts';
import { PdfEngine, type PdfRenderOptions } from '@app/rendering';
import type { MergeContext } from '@app/templating';
import type { LintFinding } from '../lint/lint-finding';
import type { ComposeTask } from './author-sandbox.worker';
import { asBuffer } from './thread-protocol';
import { TaskLimitError, ThreadPool } from './thread-pool';
import { startWorker } from './worker-script';

/** A thread's heap: its composers' caches with room to spare; a merge that needs more is the author's to fix. */
const THREAD_HEAP_MB = 512;

/** A task of the sandbox that was ended for its time or memory, as opposed to a limit of the content (SMS segments, WhatsApp lengths). */
export function isSandboxOverrun(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'limit_exceeded' && error.details.overrun === true;
}

/** The error of a channel whose composition was ended: `why` is what the thread did (`did not finish within 5000 ms`). */
export function channelOverrun(channel: Channel, why: string): DomainError {
  const message = `rendering ${why}: the template does too much work for its data (nested {{#each}} over long lists?)`;
  return new DomainError('limit_exceeded', `The ${channel} channel ${message}`, [{ pointer: `/channels/${channel}`, message }], { overrun: true });
}

/**
 * Where author-controlled work runs: parsing and linting template sources,
 * merging unapproved content. Overrunning the budget is `limit_exceeded`: for
 * lint with the pointer `''` (the content), for a channel at `/channels/<channel>`.
 */
export abstract class AuthorSandbox {
  abstract staticLint(content: TemplateContent): Promise<LintFinding[]>;
  abstract compose(version: PinnedVersion, context: MergeContext, channel: Channel, options?: ComposeOptions): Promise<ComposedOutput>;
}

/**
 * Author-controlled work — parsing and linting template sources, merging
 * unapproved content — runs here: in worker threads, each task on a time
 * budget. A template that takes long (Handlebars' parser is super-linear in
 * places, `{{#each}}` can nest over lists) costs a thread and its budget, never
 * the API's event loop; an overrun ends the thread and is the author's
 * `limit_exceeded`, naming the channel. Published versions render in the
 * document worker as before: they passed review.
 */
@Injectable()
export class ThreadedAuthorSandbox extends AuthorSandbox implements OnApplicationShutdown {
  private readonly pool: ThreadPool;

  constructor(@Inject(APP_CONFIG) config: AppConfig, pdf: PdfEngine, assets: AssetStore) {
    super();
    this.pool = new ThreadPool({
      threads: config.authoring.threads,
      budgetMs: config.authoring.budgetMs,
      start: () => startWorker(__filename, 'author-sandbox.worker', { resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } }),
      calls: {
        printPdf: (html: string, options: PdfRenderOptions) => pdf.render(html, options),
        assetContent: (sha256: string) => assets.content(sha256),
      },
    });
  }

  async staticLint(content: TemplateContent): Promise<LintFinding[]> {
    try {
      return await this.pool.run<LintFinding[]>('staticLint', content, 'lint');
    } catch (error) {
      if (!(error instanceof TaskLimitError)) throw error;
      throw new DomainError('limit_exceeded', `Checking the template sources ${error.message}`, [{ pointer: '', message: `checking the sources ${error.message}` }], { overrun: true });
    }
  }

  async compose(version: PinnedVersion, context: MergeContext, channel: Channel, options: ComposeOptions = {}): Promise<ComposedOutput> {
    try {
      // By channel: the composers cache compiled parts by source, so an edit recompiles only what changed, on the thread that compiled the rest.
      const output = await this.pool.run<ComposedOutput>('compose', { version, context, channel, options } satisfies ComposeTask, channel);
      return { ...output, body: asBuffer(output.body) };
    } catch (error) {
      if (!(error instanceof TaskLimitError)) throw error;
      throw channelOverrun(channel, error.message);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
