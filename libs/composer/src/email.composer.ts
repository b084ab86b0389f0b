import { Injectable } from '@nestjs/common';
import { DomainError, LruCache } from '@app/kernel';
import { describeEmail, EmailCompiler } from '@app/rendering';
import type { EmailContent, LocaleInfo, PinnedVersion } from '@app/contracts';
import { inDocumentTerms, withEmailLineBudget, type MergeContext, type MergeEnv, type MergeTemplate } from '@app/templating';
import { AssetInliner } from './asset-inliner';
import { ChannelComposer } from './channel-composer';
import { CompiledTemplates } from './compiled-templates';
import type { ComposedOutput } from './composed-output';

/**
 * Email: MJML compiled once per version and direction (the expensive step),
 * then only a Handlebars merge per message; the text part is its own template
 * merged directly, so no per-message HTML-to-text pass is needed. Brand assets
 * are inlined as data URIs, so the message needs nothing from elsewhere.
 */
/** Versions × languages kept ready; each entry only points at templates and assets cached elsewhere. */
const PREPARED_CACHE_SIZE = 500;

@Injectable()
export class EmailComposer extends ChannelComposer {
  readonly channel = 'email' as const;

  private readonly preparedEmails = new LruCache<string, Promise<PreparedEmail>>(PREPARED_CACHE_SIZE);

  constructor(
    private readonly compiled: CompiledTemplates,
    private readonly compiler: EmailCompiler,
    private readonly assets: AssetInliner,
  ) {
    super();
  }

  async compose(version: PinnedVersion, documentContext: MergeContext): Promise<ComposedOutput> {
    const content = version.content.channels.email;
    if (!content) throw new DomainError('rendition_not_requested', `Template "${version.key}" has no email content`);
    // An invoice's email shows the lines within its budget; the PDF, merged elsewhere, keeps them all.
    const context = withEmailLineBudget(documentContext, version.content);
    const { html, subject: subjectTemplate, text: textTemplate, env } = await this.prepared(version, content, context.locale);
    let body: Buffer, subject: string, text: string;
    try {
      // Bytes straight from the merge: the template's markup was encoded once, only the document's own text is encoded here.
      body = html.bytes(context, env);
      subject = subjectTemplate(context, env);
      text = textTemplate(context, env);
    } catch (error) {
      throw inDocumentTerms(error, context);
    }
    const facts = describeEmail({ subject, text, htmlBytes: body.length });
    return {
      channel: 'email',
      contentType: 'text/html; charset=utf-8',
      body,
      altBody: text,
      metadata: { subject: subject.replace(/[\r\n]+/g, ' ').trim(), ...facts },
    };
  }

  /**
   * Everything a message of one version and language merges with, found by one
   * lookup: the compiled templates, the catalog and the inlined assets.
   */
  private prepared(version: PinnedVersion, content: EmailContent, locale: LocaleInfo): Promise<PreparedEmail> {
    return this.preparedEmails.getOrLoad(`${version.contentHash}:${locale.dir}:${locale.language}`, () => this.prepare(version, content, locale));
  }

  private async prepare(version: PinnedVersion, content: EmailContent, { dir, language }: LocaleInfo): Promise<PreparedEmail> {
    const variant = `${dir}:${language}`;
    const mjml = this.compiled.emailMjml(version, content.mjml);
    const [precompiled, assets] = await Promise.all([
      this.compiler.precompile(mjml, { dir, lang: language }, `${this.compiled.emailMjmlKey(version, content.mjml)}:${variant}`),
      this.assets.forVersion(version),
    ]);
    return {
      html: this.compiled.template(version, 'email', 'html', variant, () => precompiled, 'html'),
      subject: this.compiled.template(version, 'email', 'subject', '', () => content.subject, 'none'),
      text: this.compiled.template(version, 'email', 'text', '', () => content.text, 'none'),
      env: { catalog: this.compiled.catalog(version, language), channel: this.channel, assets },
    };
  }
}

interface PreparedEmail {
  readonly html: MergeTemplate;
  readonly subject: MergeTemplate;
  readonly text: MergeTemplate;
  readonly env: MergeEnv;
}
