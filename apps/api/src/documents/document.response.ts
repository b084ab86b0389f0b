import type { Channel } from '@app/contracts';
import type { DeliveryView } from '@app/dispatch';
import type { DocumentView, RenditionView } from '@app/documents';
import { DomainError } from '@app/kernel';

/** A rendition as the API shows it: the documents library's view plus where to fetch its bytes. */
export type RenditionResponse = RenditionView & { readonly href: string };

/** The document as `GET /v1/documents/{id}` shows it. */
export type DocumentResponse = Omit<DocumentView, 'renditions' | 'deliveries'> & {
  readonly renditions: Partial<Record<Channel, RenditionResponse>>;
  readonly deliveries: readonly unknown[];
};

export function documentHref(id: string): string {
  return `/v1/documents/${id}`;
}

/**
 * Adds the routes of the document's renditions. A replayed response recorded
 * before the library stopped writing them carries them already; they are the same.
 */
export function documentResponse(view: DocumentView, deliveries?: readonly DeliveryView[]): DocumentResponse {
  const renditions = Object.fromEntries(
    Object.entries(view.renditions).map(([channel, rendition]) => [channel, { ...rendition, href: `${documentHref(view.id)}/renditions/${channel}` }]),
  ) as Partial<Record<Channel, RenditionResponse>>;
  return { ...view, renditions, deliveries: deliveries ?? view.deliveries };
}

/** The documents library names its input `idempotencyKey`; over HTTP it is the `Idempotency-Key` header. */
const IDEMPOTENCY_MESSAGES: Readonly<Record<string, string>> = {
  idempotency_key_reused: 'This Idempotency-Key was already used with a different request body',
  idempotency_in_flight: 'A request with this Idempotency-Key is still being processed',
};

export function inIdempotencyHeaderTerms(error: unknown): never {
  if (error instanceof DomainError && IDEMPOTENCY_MESSAGES[error.code]) {
    throw new DomainError(error.code, IDEMPOTENCY_MESSAGES[error.code], error.errors, error.details);
  }
  throw error;
}
