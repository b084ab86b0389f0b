import type { DocumentActionLinks } from '@app/actions';
import type { Channel } from '@app/contracts';
import type { DocumentEntity } from './document.entity';
import type { RenditionEntity, RenditionError, RenditionStatus } from './rendition.entity';

export interface RenditionView {
  readonly status: RenditionStatus;
  readonly contentType: string | null;
  readonly sha256: string | null;
  readonly renderedAt: string | null;
  readonly attempts: number;
  readonly metadata: Record<string, unknown>;
  readonly error: RenditionError | null;
}

/** A document as its reader sees it: the pinned version, each rendition's state, the action links. */
export interface DocumentView {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly locale: string;
  readonly externalRef: string | null;
  readonly createdAt: string;
  readonly template: { readonly key: string; readonly version: number; readonly contentHash: string };
  readonly channels: readonly Channel[];
  readonly renditions: Partial<Record<Channel, RenditionView>>;
  readonly deliveries: readonly unknown[];
  readonly actions: { readonly pay?: ActionLinkView; readonly ask: ActionLinkView };
}

export interface ActionLinkView {
  readonly url: string;
  readonly expiresAt: string | null;
}

export function toDocumentView(
  document: DocumentEntity,
  renditions: readonly RenditionEntity[],
  links: DocumentActionLinks,
  kind: string,
): DocumentView {
  const expiresAt = links.expiresAt?.toISOString() ?? null;
  const pay = { url: links.payUrl, expiresAt };
  const ask = { url: links.askUrl, expiresAt };
  return {
    id: document.id,
    type: document.type,
    status: document.status,
    locale: document.locale,
    externalRef: document.externalRef,
    createdAt: document.createdAt.toISOString(),
    template: { key: document.templateKey, version: document.templateVersion, contentHash: document.contentHash },
    channels: document.channels,
    renditions: Object.fromEntries(
      document.channels.map((channel) => {
        const rendition = renditions.find((r) => r.channel === channel);
        return [channel, renditionView(rendition)];
      }),
    ),
    deliveries: [],
    actions: kind === 'invoice' ? { pay, ask } : { ask },
  };
}

function renditionView(rendition?: RenditionEntity): RenditionView {
  return {
    status: rendition?.status ?? 'pending',
    contentType: rendition?.contentType ?? null,
    sha256: rendition?.sha256 ?? null,
    renderedAt: rendition?.renderedAt?.toISOString() ?? null,
    attempts: rendition?.attempts ?? 0,
    metadata: rendition?.metadata ?? {},
    error: rendition?.error ?? null,
  };
}
