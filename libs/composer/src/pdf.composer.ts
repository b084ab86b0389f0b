import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { PdfEngine } from '@app/rendering';
import type { MergeContext, PinnedVersion } from '@app/templating';
import { ChannelComposer } from './channel-composer';
import { CompiledTemplates } from './compiled-templates';
import type { ComposedOutput } from './composed-output';

/** Catalog keys a template may define to localise the PDF's title and its "Page X of Y" footer. */
const TITLE_KEY = 'pdf.title';
const PAGE_KEY = 'pdf.page';
const OF_KEY = 'pdf.of';

/** PDF: the merged HTML printed by the pooled, network-less Chromium engine. */
@Injectable()
export class PdfComposer extends ChannelComposer {
  readonly channel = 'pdf' as const;

  constructor(
    private readonly compiled: CompiledTemplates,
    private readonly engine: PdfEngine,
  ) {
    super();
  }

  async compose(version: PinnedVersion, context: MergeContext): Promise<ComposedOutput> {
    const content = version.content.channels.pdf;
    if (!content) throw new DomainError('rendition_not_requested', `Template "${version.key}" has no PDF content`);
    const catalog = this.compiled.catalog(version, context.locale.language);
    const env = { catalog, channel: this.channel };
    const html = this.compiled.template(version, 'pdf', 'html', '', () => content.html, 'html')(context, env);
    const reference = context.document.externalRef ?? context.document.id;
    const title = catalog.has(TITLE_KEY)
      ? catalog.format(TITLE_KEY, { reference }, context.locale.tag)
      : `${version.content.name} ${reference}`;
    const result = await this.engine.render(html, {
      format: content.format,
      landscape: content.landscape,
      title,
      lang: context.locale.tag,
      dir: context.locale.dir,
      footerLabel: catalog.has(PAGE_KEY) && catalog.has(OF_KEY)
        ? { page: catalog.format(PAGE_KEY, {}, context.locale.tag), of: catalog.format(OF_KEY, {}, context.locale.tag) }
        : undefined,
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
