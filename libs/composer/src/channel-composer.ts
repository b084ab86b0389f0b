import type { Channel } from '@app/rendering';
import type { MergeContext, PinnedVersion } from '@app/templating';
import type { ComposedOutput } from './composed-output';

/** Merges a version's content for one channel and renders the channel's bytes. */
export abstract class ChannelComposer {
  abstract readonly channel: Channel;
  abstract compose(version: PinnedVersion, context: MergeContext): Promise<ComposedOutput>;
}
