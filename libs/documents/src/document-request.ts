import type { Channel } from '@app/contracts';

/** The recipient of a document as the billing system describes them. */
export interface Recipient {
  readonly customerId: string;
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  readonly whatsapp?: string;
  readonly consents?: { readonly marketing?: boolean };
  /** The recipient's channel preference, most preferred first. */
  readonly channels?: readonly Channel[];
}

/** `POST /v1/documents` after HTTP validation: the envelope plus type-specific data. */
export interface DocumentRequest {
  readonly type: string;
  readonly locale: string;
  readonly externalRef?: string;
  readonly recipient: Recipient;
  readonly data: Record<string, unknown>;
  readonly channels?: readonly Channel[];
  readonly dispatch?: boolean;
}
