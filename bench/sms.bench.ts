import type { PinnedVersion } from '@app/contracts';
import type { MergeContext } from '@app/templating';
import { SmsComposer } from '../libs/composer/src/sms.composer';
import { benchTextChannel, type TextChannelResult } from './text-channel';

/** SMS through `SmsComposer`: merge, GSM-7/UCS-2 detection, segment count and budget check. */
export function benchSms(version: PinnedVersion, contexts: MergeContext[]): Promise<TextChannelResult> {
  return benchTextChannel(version, contexts, (templates) => new SmsComposer(templates));
}
