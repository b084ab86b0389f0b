import type { Channel, Recipient } from '@app/contracts';

/** A document request after its shape was checked: the envelope plus type-specific data. */
export interface DocumentRequest {
  readonly type: string;
  readonly locale: string;
  readonly externalRef?: string;
  readonly recipient: Recipient;
  readonly data: Record<string, unknown>;
  readonly channels?: readonly Channel[];
  readonly dispatch?: boolean;
}
