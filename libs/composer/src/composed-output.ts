import type { Channel } from '@app/contracts';

/** One channel's finished output: the exact bytes a provider would receive. */
export interface ComposedOutput {
  readonly channel: Channel;
  readonly contentType: string;
  readonly body: Buffer;
  /** The email's text/plain alternative. */
  readonly altBody?: string;
  /** Facts about the output shown to integrators and reviewers (size, encoding, segments…). */
  readonly metadata: Record<string, unknown>;
}
