import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { assertSendable, buildWhatsAppMessage } from '@app/rendering';
import type { PinnedVersion } from '@app/contracts';
import type { MergeContext } from '@app/templating';
import { ChannelComposer, ComposeOptions } from './channel-composer';
import { CompiledTemplates } from './compiled-templates';
import type { ComposedOutput } from './composed-output';

/**
 * WhatsApp: the Cloud API template message. Only parameter values are merged
 * (the texts are registered with Meta); Meta's limits are checked again with
 * the real values, so a body that grows too long is an error the billing
 * system sees instead of a message Meta silently drops.
 */
@Injectable()
export class WhatsAppComposer extends ChannelComposer {
  readonly channel = 'whatsapp' as const;

  constructor(private readonly compiled: CompiledTemplates) {
    super();
  }

  async compose(version: PinnedVersion, context: MergeContext, options: ComposeOptions = {}): Promise<ComposedOutput> {
    const content = version.content.channels.whatsapp;
    if (!content) throw new DomainError('rendition_not_requested', `Template "${version.key}" has no WhatsApp content`);
    const to = context.recipient.whatsapp ?? context.recipient.phone;
    if (!to) {
      throw new DomainError('validation_failed', 'The recipient has no WhatsApp number', [
        { pointer: '/recipient/whatsapp', message: 'required for the whatsapp channel' },
      ]);
    }
    const env = { catalog: this.compiled.catalog(version, context.locale.language), channel: this.channel };
    const merge = (part: string, source: string) => this.compiled.template(version, 'whatsapp', part, '', () => source, 'none')(context, env);
    const parameterValues = Object.fromEntries(
      Object.entries(content.parameters).map(([name, expression]) => [name, merge(`param:${name}`, expression)]),
    );
    const buttonSuffixes = content.buttons.flatMap((button, index) =>
      button.type === 'url' && button.suffix ? [merge(`button:${index}`, button.suffix)] : [],
    );
    // A quick reply's payload comes back with the reply: `ask:{{actions.askPath}}` ties it to this document.
    const buttonPayloads = content.buttons.flatMap((button, index) =>
      button.type === 'quick_reply' ? [merge(`button:${index}`, button.payload)] : [],
    );
    const message = buildWhatsAppMessage({
      content,
      language: context.locale.language,
      to,
      parameterValues,
      buttonSuffixes,
      buttonPayloads,
      pointer: '/channels/whatsapp',
    });
    if (!options.reportLimits) assertSendable(message.findings);
    return {
      channel: 'whatsapp',
      contentType: 'application/json; charset=utf-8',
      body: Buffer.from(JSON.stringify(message.payload), 'utf8'),
      metadata: {
        template: content.name,
        category: content.category,
        language: message.payload.template.language.code,
        bodyCharacters: message.filled.body.length,
        filled: message.filled,
        warnings: message.findings.filter((finding) => finding.severity === 'warning'),
        // Errors included: with limits reported, a message Meta would refuse still comes back.
        ...(options.reportLimits ? { findings: message.findings } : {}),
      },
    };
  }
}
