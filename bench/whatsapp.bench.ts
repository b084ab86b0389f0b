import type { PinnedVersion } from '@app/contracts';
import type { MergeContext } from '@app/templating';
import { WhatsAppComposer } from '../libs/composer/src/whatsapp.composer';
import { benchTextChannel, type TextChannelResult } from './text-channel';

/** WhatsApp through `WhatsAppComposer`: parameter merge, Cloud API payload and Meta's limits re-checked with real values. */
export function benchWhatsApp(version: PinnedVersion, contexts: MergeContext[]): Promise<TextChannelResult> {
  return benchTextChannel(version, contexts, (templates) => new WhatsAppComposer(templates));
}
