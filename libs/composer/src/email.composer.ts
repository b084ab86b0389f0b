import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { describeEmail, EmailCompiler } from '@app/rendering';
import type { MergeContext, PinnedVersion } from '@app/templating';
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
@Injectable()
export class EmailComposer extends ChannelComposer {
  readonly channel = 'email' as const;

  constructor(
    private readonly compiled: CompiledTemplates,
    private readonly compiler: EmailCompiler,
    private readonly assets: AssetInliner,
  ) {
    super();
  }

  async compose(version: PinnedVersion, context: MergeContext): Promise<ComposedOutput> {
    const content = version.content.channels.email;
    if (!content) throw new DomainError('rendition_not_requested', `Template "${version.key}" has no email content`);
    const { dir, language } = context.locale;
    const layout = { dir, lang: language };
    const variant = `${dir}:${language}`;
    const mjml = this.compiled.emailMjml(version, content.mjml);
    const [precompiled, assets] = await Promise.all([
      this.compiler.precompile(mjml, layout, `${this.compiled.emailMjmlKey(version, content.mjml)}:${variant}`),
      this.assets.forVersion(version),
    ]);
    const env = { catalog: this.compiled.catalog(version, language), channel: this.channel, assets };
    const html = this.compiled.template(version, 'email', 'html', variant, () => precompiled, 'html')(context, env);
    const subject = this.compiled.template(version, 'email', 'subject', '', () => content.subject, 'none')(context, env);
    const text = this.compiled.template(version, 'email', 'text', '', () => content.text, 'none')(context, env);
    const body = Buffer.from(html, 'utf8');
    const facts = describeEmail({ subject, html, text, htmlBytes: body.length });
    return {
      channel: 'email',
      contentType: 'text/html; charset=utf-8',
      body,
      altBody: text,
      metadata: { subject: subject.replace(/[\r\n]+/g, ' ').trim(), ...facts },
    };
  }
}
