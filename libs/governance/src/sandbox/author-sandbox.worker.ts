import type { EntityManager } from 'typeorm';
import { parentPort } from 'node:worker_threads';
import { AssetStore } from '@app/assets';
import { ComposeOptions, standaloneComposer } from '@app/composer';
import { PdfEngine, type PdfRenderOptions, type PdfResult } from '@app/rendering';
import type { Channel, PinnedVersion, TemplateContent } from '@app/contracts';
import type { MergeContext } from '@app/templating';
import { staticLintFindings } from '../lint/static-lint';
import { asBuffer, type FromThread, reviveError, serializeError, type ToThread } from './thread-protocol';

/*
 * A thread of the author sandbox: parses, lints and merges author content, so
 * a template that takes long does so here and not on the API's event loop.
 * What needs the parent's resources — Chromium, the asset store — is asked of
 * the parent, and that waiting does not count against the task's budget.
 */

const port = parentPort!;
const pendingCalls = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
let nextCall = 0;

function callParent<T>(method: string, ...args: unknown[]): Promise<T> {
  const call = ++nextCall;
  return new Promise<T>((resolve, reject) => {
    pendingCalls.set(call, { resolve: resolve as (value: unknown) => void, reject });
    port.postMessage({ type: 'call', call, method, args } satisfies FromThread);
  });
}

/** Prints with the parent's Chromium pool. */
class ParentPdfEngine extends PdfEngine {
  async render(html: string, options: PdfRenderOptions): Promise<PdfResult> {
    const result = await callParent<PdfResult>('printPdf', html, options);
    return { ...result, bytes: asBuffer(result.bytes) };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Reads asset bytes through the parent; the composers need nothing else of the store. */
class ParentAssetStore extends AssetStore {
  async content(sha256: string): Promise<Buffer | null> {
    const bytes = await callParent<Uint8Array | null>('assetContent', sha256);
    return bytes && asBuffer(bytes);
  }

  add(): never {
    return readOnly();
  }
  lockName(_name: string, _manager: EntityManager): never {
    return readOnly();
  }
  latest(): never {
    return readOnly();
  }
  find(): never {
    return readOnly();
  }
  list(): never {
    return readOnly();
  }
  versions(): never {
    return readOnly();
  }
}

function readOnly(): never {
  throw new Error('The author sandbox only reads asset bytes');
}

const composer = standaloneComposer({ pdf: new ParentPdfEngine(), assets: new ParentAssetStore() });

export interface ComposeTask {
  readonly version: PinnedVersion;
  readonly context: MergeContext;
  readonly channel: Channel;
  readonly options: ComposeOptions;
}

const TASKS: Record<string, (input: any) => unknown> = {
  compose: ({ version, context, channel, options }: ComposeTask) => composer.compose(version, context, channel, options),
  staticLint: (content: TemplateContent) => staticLintFindings(content),
};

port.on('message', async (message: ToThread) => {
  if (message.type === 'reply') {
    const pending = pendingCalls.get(message.call);
    pendingCalls.delete(message.call);
    if (message.error) pending?.reject(reviveError(message.error));
    else pending?.resolve(message.value);
    return;
  }
  try {
    const value = await TASKS[message.kind](message.input);
    port.postMessage({ type: 'done', id: message.id, value } satisfies FromThread);
  } catch (error) {
    port.postMessage({ type: 'done', id: message.id, error: serializeError(error) } satisfies FromThread);
  }
});

/**
 * A thread's first email compiles MJML and loads what the composers load on
 * first use: done before the thread says it is ready, so no author's budget pays for it.
 */
async function warmUp(): Promise<void> {
  const content: TemplateContent = {
    kind: 'warm-up',
    name: 'Warm-up',
    locales: ['en'],
    defaultLocale: 'en',
    defaultChannels: ['email'],
    dataContract: { type: 'object' },
    channels: {
      email: { subject: 'Hi', mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>{{recipient.name}}</mj-text></mj-column></mj-section></mj-body></mjml>', text: '{{recipient.name}}' },
      sms: { text: '{{recipient.name}}', sender: 'Warm', maxSegments: 1 },
    },
    messages: { en: {} },
  };
  const version: PinnedVersion = { key: 'warm-up', number: 0, contentHash: 'warm-up', content };
  const context = await composer.context({
    content,
    localeTag: 'en',
    document: { id: 'warm-up', type: 'warm-up' },
    recipient: { customerId: 'warm-up', name: 'Warm' },
    data: {},
    actions: { payUrl: 'https://warm.up/a/pay/x', askUrl: 'https://warm.up/a/ask/x', payPath: 'x', askPath: 'x' },
  });
  staticLintFindings(content);
  await Promise.all([composer.compose(version, context, 'email'), composer.compose(version, context, 'sms')]);
}

warmUp().then(
  () => port.postMessage({ type: 'ready' } satisfies FromThread),
  // A thread that cannot even merge the warm-up content is broken: the pool sees it exit before it is ready.
  (error: unknown) => {
    throw error;
  },
);
