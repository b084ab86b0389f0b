import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ActionLinkFormat, DocumentActionLinks } from '@app/actions';
import { AssetStore } from '@app/assets';
import { MessageComposer } from '@app/composer';
import { PdfRasterizer } from '@app/rendering';
import { assertWithinLimits, AuthorSandbox, ComplianceLinter, contentStructureErrors, GetTemplateUseCase, GetTemplateVersionUseCase, isSandboxOverrun, LintFinding, pointerSegment } from '@app/governance';
import { DomainError, FieldError, LruCache } from '@app/kernel';
import { canonicalJson, type CapturedAsset, Channel, CHANNELS, contentHash, PinnedVersion, TemplateContent } from '@app/contracts';
import { SampleOffersService } from '@app/offers';
import { BlockRepository, VersionStatus } from '@app/template-store';
import { DataContractValidator, MergeContext, partsOf, referencedAssets, referencedBlocks, unsupportedPatterns } from '@app/templating';
import { channelPreview } from './channel-previews';
import { PreviewDocument, previewDocument, requestProblems } from './preview-data';
import type { PreviewRequest } from './preview-request';
import type { ChannelPreviewError, ChannelPreviews, PdfPreview, PreviewResult } from './preview-result';

/** The nil UUID: no document has it, so preview pay and ask links lead nowhere. */
export const PREVIEW_DOCUMENT_ID = '00000000-0000-0000-0000-000000000000';
/** Half the engine's default: a preview nobody waits for must not hold a browser page that long. */
export const PDF_PREVIEW_TIMEOUT_MS = 10_000;
/**
 * Only reached if the engine ignores its own budget: the preview answers whatever the browser
 * does. The budget starts once the preview holds a page, so this also leaves room for what
 * comes before — starting the browser and opening a page, which the engine bounds at 30 s each,
 * and waiting behind documents being printed — which a busy machine makes slow, not wrong.
 */
export const PDF_PREVIEW_DEADLINE_MS = PDF_PREVIEW_TIMEOUT_MS + 60_000;
/** Per content hash: repeated previews of unchanged content (another sample, another channel) skip the work. */
const PER_CONTENT_CACHE_SIZE = 64;

interface PreviewSubject {
  readonly version: PinnedVersion;
  readonly status: VersionStatus | 'unsaved';
}

/**
 * Renders a stored version (drafts included) or unsaved content for the
 * studio's live preview: each channel's output beside its diagnostics, and the
 * static compliance findings while the content can still change. Nothing is
 * stored, queued, audited or sent.
 *
 * It runs on every keystroke, so it leans on the composer's caches, which are
 * keyed by content hash: unsaved content is hashed like a version, and
 * previewing it again (another sample, another channel) reuses its compiled
 * MJML and Handlebars. Those caches are bounded LRUs, so a stream of edits
 * evicts old entries rather than growing memory.
 */
/** Sharp enough to read at the studio's preview size, small enough to send on every pause in typing. */
const PDF_PAGE_IMAGE_DPI = 72;

@Injectable()
export class PreviewTemplateUseCase {
  private readonly lintFindings = new LruCache<string, Promise<readonly LintFinding[]>>(PER_CONTENT_CACHE_SIZE);
  private readonly contractKeys = new LruCache<string, string>(PER_CONTENT_CACHE_SIZE);
  private readonly blockNames = new LruCache<string, ReadonlySet<string>>(PER_CONTENT_CACHE_SIZE);
  private readonly assetNames = new LruCache<string, ReadonlySet<string>>(PER_CONTENT_CACHE_SIZE);
  private readonly links: DocumentActionLinks;

  constructor(
    private readonly composer: MessageComposer,
    private readonly templates: GetTemplateUseCase,
    private readonly versions: GetTemplateVersionUseCase,
    private readonly linter: ComplianceLinter,
    private readonly contracts: DataContractValidator,
    private readonly blocks: BlockRepository,
    private readonly assets: AssetStore,
    links: ActionLinkFormat,
    private readonly sandbox: AuthorSandbox,
    private readonly pdfs: PdfRasterizer,
    private readonly sampleOffers: SampleOffersService,
  ) {
    this.links = links.sample(PREVIEW_DOCUMENT_ID);
  }

  async execute(request: PreviewRequest): Promise<PreviewResult> {
    const problems = requestProblems(request);
    if (problems.length) throw new DomainError('validation_failed', 'The preview request is invalid', problems);
    const { version, status } = request.content !== undefined ? await this.unsaved(request.content) : await this.stored(request.template!, request.version);
    const channels = selectChannels(request, version.content);
    const document = previewDocument(request, version.content);
    this.checkData(version, document, status === 'unsaved');
    const merged = await this.composer.context({
      content: version.content,
      localeTag: document.locale,
      document: { id: PREVIEW_DOCUMENT_ID, type: version.key, externalRef: request.externalRef },
      recipient: document.recipient,
      data: document.data,
      actions: this.links,
    });
    // The offer a document with this data would carry now, and why each published offer would or would not be chosen.
    const offers = await this.sampleOffers.forSample({
      content: version.content,
      type: version.key,
      localeTag: document.locale,
      language: merged.locale.language,
      dir: merged.locale.dir,
      recipient: document.recipient,
      data: document.data,
    });
    const context = { ...merged, offers: offers.context };
    // PDF waits on Chromium while the text channels merge: the answer takes as long as the slowest channel, not the sum.
    const inline = status === 'unsaved';
    const [rendered, lint] = await Promise.all([
      Promise.all(channels.map((channel) => this.render(version, context, channel, inline, request.pdfPageImage === true))),
      status === 'unsaved' || status === 'draft' ? this.lint(version, inline) : undefined,
    ]);
    return {
      template: { key: version.key, version: status === 'unsaved' ? null : version.number, status, contentHash: version.contentHash },
      sample: document.sample,
      locale: context.locale,
      channels: Object.fromEntries(channels.map((channel, index) => [channel, rendered[index]])) as ChannelPreviews,
      offers: offers.offers,
      ...(lint ? { lint } : {}),
    };
  }

  private async unsaved(posted: TemplateContent): Promise<PreviewSubject> {
    const errors = contentStructureErrors(posted);
    // A pattern RE2 cannot take would fail the contract's compile: point at the pattern instead.
    if (errors.length === 0) errors.push(...unsupportedPatterns(posted.dataContract, '/dataContract'));
    if (errors.length) {
      throw new DomainError('validation_failed', 'The content is invalid', errors.map((error) => ({ ...error, pointer: `/content${error.pointer === '/' ? '' : error.pointer}` })));
    }
    // Before anything parses it: parsing is what a deeply nested source makes slow.
    assertWithinLimits(posted, '/content');
    // The locked blocks saving this content would capture (the ones published now), whatever was posted.
    // Finding which blocks it includes parses every source: worth remembering while only the words change.
    const sources = sourcesKey(posted);
    const names = this.blockNames.getOrCreate(sources, () => referencedBlocks(posted));
    const blocks = await this.blocks.published(names);
    const { blocks: _posted, assets: _postedAssets, ...rest } = posted;
    const withBlocks: TemplateContent = Object.keys(blocks).length ? { ...rest, blocks } : rest;
    // Likewise the latest upload of each asset it inlines; one without an upload is a lint error and that channel's error.
    const blockHashes = Object.keys(blocks).sort().map((name) => blocks[name].contentHash).join(',');
    const latest = await this.assets.latest(this.assetNames.getOrCreate(`${sources}:${blockHashes}`, () => referencedAssets(withBlocks)));
    const assets: Record<string, CapturedAsset> = {};
    for (const name of Object.keys(latest).sort()) assets[name] = { sha256: latest[name].sha256, contentType: latest[name].contentType, size: latest[name].size };
    const content: TemplateContent = Object.keys(assets).length ? { ...withBlocks, assets } : withBlocks;
    return { version: { key: content.kind, number: 0, contentHash: contentHash(content), content }, status: 'unsaved' };
  }

  private async stored(key: string, number: number | undefined): Promise<PreviewSubject> {
    const template = await this.templates.execute(key).catch(pointAt('/template'));
    const wanted = number ?? template.publishedVersion;
    if (wanted === null) {
      throw new DomainError('validation_failed', `Template "${key}" has no published version`, [
        { pointer: '/version', message: 'is required: the template has no published version' },
      ]);
    }
    const { view, content } = await this.versions.execute(key, wanted).catch(pointAt('/version'));
    // The same guard as the template store's: content changed behind the platform's back is never rendered.
    if (contentHash(content) !== view.contentHash) {
      throw new DomainError('template_invalid', `Version ${wanted} of template "${key}" does not match its content hash`);
    }
    return { version: { key, number: wanted, contentHash: view.contentHash, content }, status: view.status };
  }

  /** Data is held to the contract as a posted document's would be: nothing is half-rendered. */
  private checkData(version: PinnedVersion, document: PreviewDocument, inline: boolean): void {
    const { content } = version;
    // Keyed by the contract alone: edits elsewhere in the content do not recompile it.
    const key = this.contractKeys.getOrCreate(version.contentHash, () => contractKey(content.dataContract));
    let errors: FieldError[];
    try {
      errors = this.contracts.validate(key, content.dataContract, document.data);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError(error.code, error.message, [{ pointer: inline ? '/content/dataContract' : '/template', message: error.message }]);
    }
    if (errors.length) {
      throw new DomainError('validation_failed', 'The data does not match the data contract', relocate(errors, document.sample, inline));
    }
  }

  /**
   * Author content merges in the sandbox. A channel that cannot render is that
   * channel's error beside the others; one that overruns the sandbox's budget
   * fails the whole preview, so the author sees at once which channel does too much.
   */
  private async render(version: PinnedVersion, context: MergeContext, channel: Channel, inline: boolean, pdfPageImage: boolean): Promise<ChannelPreviews[Channel]> {
    try {
      const composing = this.sandbox.compose(version, context, channel, { reportLimits: true, pdfTimeoutMs: PDF_PREVIEW_TIMEOUT_MS });
      if (channel !== 'pdf') return channelPreview(await composing);
      const output = await withDeadline(composing, PDF_PREVIEW_DEADLINE_MS);
      const preview = channelPreview(output) as PdfPreview;
      return pdfPageImage ? { ...preview, firstPagePng: (await this.pdfs.firstPagePng(output.body, PDF_PAGE_IMAGE_DPI)).toString('base64') } : preview;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (isSandboxOverrun(error)) throw overBudget(error, inline);
      return channelError(error);
    }
  }

  private lint(version: PinnedVersion, inline: boolean): Promise<readonly LintFinding[]> {
    return this.lintFindings.getOrLoad(version.contentHash, () => this.linter.staticLint(version.content)).catch((error: unknown) => {
      throw isSandboxOverrun(error) ? overBudget(error as DomainError, inline) : error;
    });
  }
}

function selectChannels(request: PreviewRequest, content: TemplateContent): Channel[] {
  if (request.channels === undefined) return CHANNELS.filter((channel) => content.channels[channel]);
  const errors = request.channels.flatMap((channel, index) =>
    content.channels[channel] ? [] : [{ pointer: `/channels/${index}`, message: `the content has no ${channel} channel` }],
  );
  if (errors.length) throw new DomainError('validation_failed', 'A requested channel is not in the content', errors);
  return [...new Set(request.channels)];
}

function contractKey(dataContract: Record<string, unknown>): string {
  return `contract:${createHash('sha256').update(canonicalJson(dataContract)).digest('hex')}`;
}

function sourcesKey(content: TemplateContent): string {
  const hash = createHash('sha256');
  for (const part of partsOf(content)) hash.update(part.format).update('\u0000').update(part.source).update('\u0000');
  return hash.digest('hex');
}

/** Sample data lives in the content: unsaved content is in the request, so point into it; a stored version's is named. */
function relocate(errors: FieldError[], sample: string | null, inline: boolean): FieldError[] {
  if (sample === null) return errors;
  if (inline) return errors.map((error) => ({ ...error, pointer: `/content/samples/${pointerSegment(sample)}${error.pointer}` }));
  return errors.map((error) => ({ pointer: '/sample', message: `sample "${sample}": ${error.pointer} ${error.message}` }));
}

/** A template or version that does not exist is a field of the request that names nothing. */
function pointAt(pointer: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof DomainError && error.code === 'not_found') {
      throw new DomainError('validation_failed', error.message, [{ pointer, message: error.message }]);
    }
    throw error;
  };
}

/** A budget overrun points into the request: at the posted content, or at the stored template named. */
function overBudget(error: DomainError, inline: boolean): DomainError {
  const errors = error.errors.map((problem) =>
    inline ? { ...problem, pointer: `/content${problem.pointer}` } : { pointer: '/template', message: `${problem.pointer ? `${problem.pointer.slice(1)}: ` : ''}${problem.message}` },
  );
  return new DomainError(error.code, error.message, errors);
}

function channelError(error: DomainError): ChannelPreviewError {
  return { error: { code: error.code, message: error.message, errors: [...error.errors] } };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DomainError('unavailable', `The PDF preview did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
