import { Injectable } from '@nestjs/common';
import { DomainError, FieldError } from '@app/kernel';
import { analyzeSms, enforceSmsBudget } from '@app/rendering';
import type { PinnedVersion } from '@app/contracts';
import type { MergeContext } from '@app/templating';
import { ChannelComposer, ComposeOptions } from './channel-composer';
import { CompiledTemplates } from './compiled-templates';
import type { ComposedOutput } from './composed-output';

/** SMS: merged text, encoded and segmented as carriers count it, held to the template's segment budget. */
@Injectable()
export class SmsComposer extends ChannelComposer {
  readonly channel = 'sms' as const;

  constructor(private readonly compiled: CompiledTemplates) {
    super();
  }

  async compose(version: PinnedVersion, context: MergeContext, options: ComposeOptions = {}): Promise<ComposedOutput> {
    const content = version.content.channels.sms;
    if (!content) throw new DomainError('rendition_not_requested', `Template "${version.key}" has no SMS content`);
    const env = { catalog: this.compiled.catalog(version, context.locale.language), channel: this.channel };
    const text = this.compiled.template(version, 'sms', 'text', '', () => content.text, 'none')(context, env).trim();
    const analysis = analyzeSms(text, { smart: content.smartEncoding ?? false });
    const overBudget = budgetProblems(() => enforceSmsBudget(analysis, content.maxSegments, { pointer: '/channels/sms' }), options);
    const message = {
      text: analysis.text,
      encoding: analysis.encoding,
      segments: analysis.segments,
      characters: analysis.characters,
      sender: content.sender,
    };
    return {
      channel: 'sms',
      contentType: 'application/json; charset=utf-8',
      body: Buffer.from(JSON.stringify(message), 'utf8'),
      metadata: {
        encoding: analysis.encoding,
        segments: analysis.segments,
        characters: analysis.characters,
        maxSegments: content.maxSegments,
        ...(analysis.replaced?.length ? { replaced: analysis.replaced } : {}),
        ...(overBudget.length ? { overBudget } : {}),
      },
    };
  }
}

/** The budget's complaints when limits are only reported; otherwise the budget refuses the message. */
function budgetProblems(enforce: () => void, options: ComposeOptions): readonly FieldError[] {
  try {
    enforce();
    return [];
  } catch (error) {
    if (options.reportLimits && error instanceof DomainError && error.code === 'limit_exceeded') return error.errors;
    throw error;
  }
}
