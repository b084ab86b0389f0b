import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { type Channel, emptyOfferSlots, OFFER_CHANNELS, type OfferChannel, type OfferSlotsContext, PinnedVersion, TemplateContent } from '@app/contracts';
import { qrCodeDataUri } from '@app/rendering';
import { type ActionLinkValues, MergeContext, resolveLocale, TrustedHtml } from '@app/templating';
import { ChannelComposer, ComposeOptions } from './channel-composer';
import type { ComposedOutput } from './composed-output';

export const CHANNEL_COMPOSERS = Symbol('CHANNEL_COMPOSERS');

export interface ContextInput {
  readonly content: TemplateContent;
  readonly localeTag: string;
  readonly document: MergeContext['document'];
  readonly recipient: MergeContext['recipient'];
  readonly data: Record<string, unknown>;
  readonly actions: ActionLinkValues;
  /** The offer chosen for the document, per declared slot; absent → every declared slot stays empty. */
  readonly offers?: OfferSlotsContext;
}

/** The template and rendering services meet here: merged content in each channel's bytes. */
@Injectable()
export class MessageComposer {
  private readonly byChannel: ReadonlyMap<Channel, ChannelComposer>;

  constructor(@Inject(CHANNEL_COMPOSERS) composers: ChannelComposer[]) {
    this.byChannel = new Map(composers.map((composer) => [composer.channel, composer]));
  }

  /**
   * The merge context: the document's data at the root beside the reserved names.
   * Values the templates print but cannot compute, such as the pay link's QR code,
   * are made here, so every merge (documents, previews, lint, diffs) sees them alike.
   */
  async context(input: ContextInput): Promise<MergeContext> {
    const { payUrl, askUrl, payPath, askPath } = input.actions;
    return {
      ...input.data,
      recipient: input.recipient,
      document: input.document,
      locale: resolveLocale(input.localeTag, input.content),
      actions: withPayQrOnRead({ payUrl, askUrl, payPath, askPath }),
      offers: input.offers ?? emptyOfferSlots(input.content.offerSlots),
    };
  }

  compose(version: PinnedVersion, context: MergeContext, channel: Channel, options: ComposeOptions = {}): Promise<ComposedOutput> {
    const composer = this.byChannel.get(channel);
    if (!composer || !version.content.channels[channel]) {
      throw new DomainError('rendition_not_requested', `Template "${version.key}" v${version.number} has no ${channel} content`);
    }
    return composer.compose(version, offersFor(context, channel), options);
  }
}

/**
 * The pay link's QR code, made the first time something reads it and kept: only the PDF
 * prints it (or a template or block that asks for it), and drawing one costs more CPU
 * than merging a whole SMS, so a document's email, SMS and WhatsApp never pay for it.
 * Enumerable, so copies of the context (spread, JSON, a thread's structured clone) carry it.
 */
function withPayQrOnRead(links: ActionLinkValues): MergeContext['actions'] {
  let drawn: string | undefined;
  return Object.defineProperty({ ...links }, 'payQrSvg', {
    enumerable: true,
    get: () => (drawn ??= qrCodeDataUri(links.payUrl)),
  }) as MergeContext['actions'];
}

/**
 * Each channel sees only its own offer block, as markup the merge writes as
 * it is; SMS and WhatsApp see every slot empty whatever the context holds, so
 * no template and no caller can put an offer in them. Plain strings travel in
 * the context (it crosses into the author sandbox's thread, where a class
 * instance would not survive) and become trusted markup only here.
 */
function offersFor(context: MergeContext, channel: Channel): MergeContext {
  const offers = context.offers;
  if (!offers) return context;
  const own = (OFFER_CHANNELS as readonly Channel[]).includes(channel) ? (channel as OfferChannel) : null;
  const blocks = Object.fromEntries(
    Object.entries(offers).map(([slot, block]) => [
      slot,
      Object.fromEntries(OFFER_CHANNELS.map((c) => [c, c === own && block[c] ? new TrustedHtml(block[c]) : ''])),
    ]),
  );
  return { ...context, offers: blocks as unknown as OfferSlotsContext };
}
