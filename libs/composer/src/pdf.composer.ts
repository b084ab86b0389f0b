import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { PdfEngine } from '@app/rendering';
import type { PinnedVersion } from '@app/contracts';
import type { MergeContext } from '@app/templating';
import { AssetInliner } from './asset-inliner';
import { ChannelComposer, ComposeOptions } from './channel-composer';
import { CompiledTemplates } from './compiled-templates';
import { documentNumber } from './document-number';
import type { ComposedOutput } from './composed-output';

/**
 * Catalog keys a template may define to localise the PDF's title and footer.
 * `pdf.footer` is an ICU message with `{page}` and `{pages}` arguments, e.g.
 * "第 {page} 页，共 {pages} 页"; without it the footer is "Page X of Y".
 */
const TITLE_KEY = 'pdf.title';
const FOOTER_KEY = 'pdf.footer';
/** Formatting the footer message with these values leaves the engine's placeholders in place. */
const FOOTER_SLOTS = { page: '{page}', pages: '{pages}' };

/** PDF: the merged HTML printed by the pooled, network-less Chromium engine. */
@Injectable()
export class PdfComposer extends ChannelComposer {
  readonly channel = 'pdf' as const;

  constructor(
    private readonly compiled: CompiledTemplates,
    private readonly engine: PdfEngine,
    private readonly assets: AssetInliner,
  ) {
    super();
  }

  async compose(version: PinnedVersion, context: MergeContext, options: ComposeOptions = {}): Promise<ComposedOutput> {
    const content = version.content.channels.pdf;
    if (!content) throw new DomainError('rendition_not_requested', `Template "${version.key}" has no PDF content`);
    const catalog = this.compiled.catalog(version, context.locale.language);
    // The engine loads nothing but data: URLs, so the logo and fonts travel inside the HTML.
    const env = { catalog, channel: this.channel, assets: await this.assets.forVersion(version) };
    const html = this.compiled.template(version, 'pdf', 'html', '', () => content.html, 'html')(context, env);
    // The number the page prints, so a reader finds the file by what the paper says.
    const reference = documentNumber(version.content.kind, context);
    const title = catalog.has(TITLE_KEY)
      ? catalog.format(TITLE_KEY, { reference }, context.locale.tag)
      : `${version.content.name} ${reference}`;
    const result = await this.engine.render(html, {
      format: content.format,
      landscape: content.landscape,
      title,
      lang: context.locale.tag,
      dir: context.locale.dir,
      footer: catalog.has(FOOTER_KEY) ? catalog.format(FOOTER_KEY, FOOTER_SLOTS, context.locale.tag) : undefined,
      timeoutMs: options.pdfTimeoutMs,
    });
    return {
      channel: 'pdf',
      contentType: 'application/pdf',
      body: result.bytes,
      metadata: {
        title,
        pages: result.pages,
        bytes: result.bytes.length,
        renderMs: Math.round(result.renderMs),
        ...(result.blockedRequests.length ? { blockedRequests: result.blockedRequests } : {}),
      },
    };
  }
}
