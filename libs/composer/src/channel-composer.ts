import type { Channel, PinnedVersion } from '@app/contracts';
import type { MergeContext } from '@app/templating';
import type { ComposedOutput } from './composed-output';

/** How one composition treats the channel's limits and its time budget. */
export interface ComposeOptions {
  /**
   * Describe the limits the merged data breaks (SMS segments, WhatsApp lengths)
   * in the output's metadata instead of refusing the output: a preview has to
   * show the message a document would be refused for, and why.
   */
  readonly reportLimits?: boolean;
  /** Wall-clock budget of a PDF print; the engine's default when absent. */
  readonly pdfTimeoutMs?: number;
}

/** Merges a version's content for one channel and renders the channel's bytes. */
export abstract class ChannelComposer {
  abstract readonly channel: Channel;
  abstract compose(version: PinnedVersion, context: MergeContext, options?: ComposeOptions): Promise<ComposedOutput>;
}
