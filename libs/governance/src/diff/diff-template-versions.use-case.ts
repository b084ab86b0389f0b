import { Injectable } from '@nestjs/common';
import { ActionLinkFormat } from '@app/actions';
import { ComposedOutput, MessageComposer } from '@app/composer';
import { DomainError } from '@app/kernel';
import { Channel, CHANNELS, type PinnedVersion, type SampleDocument } from '@app/contracts';
import { PageScreenshotter, PdfRasterizer } from '@app/rendering';
import { GetTemplateVersionUseCase } from '../get-template-version.use-case';
import { AuthorSandbox } from '../sandbox/author-sandbox';
import type { VersionView } from '../template-version.view';
import { unifiedDiff } from './line-diff';
import { SourceChange, sourceDiff } from './source-diff';

/** Fixed, so both renders carry the same action links and only the versions differ. */
const DIFF_DOCUMENT_ID = '00000000-0000-4000-8000-00000000d1ff';
/** WhatsApp needs a number to build its payload; a sample without one gets this. */
const PLACEHOLDER_NUMBER = '+10000000000';
const EMAIL_WIDTH = 680;
const PDF_DPI = 80;

export interface DiffVersionsInput {
  readonly key: string;
  readonly a: number;
  readonly b: number;
  /** The sample to render both versions with; the first of version b (then a) by name when absent. */
  readonly sample?: string;
}

/** One version's render of a channel: its text, and for email and PDF a PNG (base64). */
export interface RenderedSide {
  readonly text?: string;
  readonly png?: string;
  /** Why this side could not be rendered (the other side may still have been). */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface RenderedChannel {
  readonly channel: Channel;
  readonly a: RenderedSide;
  readonly b: RenderedSide;
  /** `diff -u` of the two texts; empty when they read the same. */
  readonly textDiff: string;
}

export interface VersionDiff {
  readonly key: string;
  readonly a: Pick<VersionView, 'number' | 'status' | 'contentHash'>;
  readonly b: Pick<VersionView, 'number' | 'status' | 'contentHash'>;
  readonly sample: { readonly name: string; readonly locale: string } | null;
  /** Every source field that differs, per channel and per locale. */
  readonly sources: readonly SourceChange[];
  /** Each channel either version has, rendered by both with the same sample. */
  readonly rendered: readonly RenderedChannel[];
}

/**
 * What changed between two versions of a template, for the reviewer: the source
 * diff, and both versions rendered with the same sample through the composer
 * documents use — the text of every channel (the email's subject and text
 * part, the SMS, the filled WhatsApp texts, the PDF's text read back from the
 * PDF) and the email and the PDF's first page as PNGs to show side by side.
 */
@Injectable()
export class DiffTemplateVersionsUseCase {
  constructor(
    private readonly versions: GetTemplateVersionUseCase,
    private readonly composer: MessageComposer,
    private readonly links: ActionLinkFormat,
    private readonly screenshots: PageScreenshotter,
    private readonly pdfs: PdfRasterizer,
    private readonly sandbox: AuthorSandbox,
  ) {}

  async execute(input: DiffVersionsInput): Promise<VersionDiff> {
    const [a, b] = await Promise.all([this.versions.execute(input.key, input.a), this.versions.execute(input.key, input.b)]);
    const pinned = (entry: typeof a): PinnedVersion => ({ key: input.key, number: entry.view.number, contentHash: entry.view.contentHash, content: entry.content });
    const sample = pickSample(input.sample, b.content.samples, a.content.samples);
    const channels = CHANNELS.filter((channel) => a.content.channels[channel] || b.content.channels[channel]);
    const rendered: RenderedChannel[] = [];
    if (sample) {
      for (const channel of channels) {
        const [left, right] = await Promise.all([this.render(pinned(a), sample.document, channel), this.render(pinned(b), sample.document, channel)]);
        rendered.push({ channel, a: left, b: right, textDiff: unifiedDiff(left.text ?? '', right.text ?? '', `/${channel}`, { a: `a/${channel} (v${input.a})`, b: `b/${channel} (v${input.b})` }) });
      }
    }
    const facts = (entry: typeof a) => ({ number: entry.view.number, status: entry.view.status, contentHash: entry.view.contentHash });
    return {
      key: input.key,
      a: facts(a),
      b: facts(b),
      sample: sample ? { name: sample.name, locale: sample.document.locale } : null,
      sources: sourceDiff(a.content, b.content),
      rendered,
    };
  }

  private async render(version: PinnedVersion, sample: SampleDocument, channel: Channel): Promise<RenderedSide> {
    if (!version.content.channels[channel]) return { error: { code: 'rendition_not_requested', message: `v${version.number} has no ${channel} channel` } };
    const context = await this.composer.context({
      content: version.content,
      localeTag: sample.locale,
      document: { id: DIFF_DOCUMENT_ID, type: version.key },
      recipient: { ...sample.recipient, whatsapp: sample.recipient.whatsapp ?? sample.recipient.phone ?? PLACEHOLDER_NUMBER },
      data: sample.data,
      actions: this.links.sample(DIFF_DOCUMENT_ID),
    });
    let output: ComposedOutput;
    try {
      // Either side may be a draft: author content merges in the sandbox, and an overrun is that side's error.
      output = await this.sandbox.compose(version, context, channel);
    } catch (error) {
      return { error: describe(error) };
    }
    switch (channel) {
      case 'email': {
        const text = `Subject: ${String(output.metadata.subject)}\n\n${output.altBody ?? ''}`;
        return { text, ...(await this.image(() => this.screenshots.screenshot(output.body.toString('utf8'), { width: EMAIL_WIDTH }))) };
      }
      case 'pdf': {
        const [text, png] = await Promise.all([
          this.pdfs.text(output.body).then((value) => ({ text: value }), (error: unknown) => ({ error: describe(error) })),
          this.image(() => this.pdfs.firstPagePng(output.body, PDF_DPI)),
        ]);
        return { ...png, ...text };
      }
      case 'sms':
        return { text: (JSON.parse(output.body.toString('utf8')) as { text: string }).text };
      case 'whatsapp': {
        const filled = output.metadata.filled as { header?: string; body: string; footer?: string };
        return { text: [filled.header, filled.body, filled.footer].filter((part) => part !== undefined && part !== '').join('\n\n') };
      }
    }
  }

  private async image(capture: () => Promise<Buffer>): Promise<Pick<RenderedSide, 'png' | 'error'>> {
    try {
      return { png: (await capture()).toString('base64') };
    } catch (error) {
      return { error: describe(error) };
    }
  }
}

function pickSample(
  name: string | undefined,
  ...catalogs: Array<Readonly<Record<string, SampleDocument>> | undefined>
): { name: string; document: SampleDocument } | null {
  if (name !== undefined) {
    const owner = catalogs.find((samples) => samples && Object.hasOwn(samples, name));
    if (!owner) throw new DomainError('validation_failed', `Neither version has a sample "${name}"`, [{ pointer: '/sample', message: 'names no sample of either version' }]);
    return { name, document: owner[name] };
  }
  for (const samples of catalogs) {
    const first = Object.keys(samples ?? {}).sort()[0];
    if (first !== undefined) return { name: first, document: samples![first] };
  }
  return null;
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  throw error;
}
