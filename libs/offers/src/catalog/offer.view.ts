import type { VersionStatus } from '@app/template-store';
import type { OfferContent } from '../offer-content';
import type { OfferEntity } from './offer.entity';
import type { OfferVersionEntity } from './offer-version.entity';

export interface OfferView {
  readonly key: string;
  readonly description: string;
  readonly publishedVersion: number | null;
  readonly createdAt: string;
}

export interface OfferVersionView {
  readonly key: string;
  readonly number: number;
  readonly status: VersionStatus;
  readonly contentHash: string;
  readonly content: OfferContent;
  readonly author: string;
  readonly basedOn: number | null;
  readonly submittedAt: string | null;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly reviewComment: string | null;
  readonly publishedAt: string | null;
  readonly retiredAt: string | null;
  readonly lintFindings: readonly unknown[];
}

export interface OfferDetailView extends OfferView {
  readonly versions: ReadonlyArray<Omit<OfferVersionView, 'content' | 'key'>>;
}

export function toOfferView(offer: OfferEntity): OfferView {
  return { key: offer.key, description: offer.description, publishedVersion: offer.publishedVersion, createdAt: offer.createdAt.toISOString() };
}

export function toOfferVersionView(key: string, version: OfferVersionEntity): OfferVersionView {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    key,
    number: version.number,
    status: version.status,
    contentHash: version.contentHash,
    content: version.content,
    author: version.author,
    basedOn: version.basedOn,
    submittedAt: iso(version.submittedAt),
    approvedBy: version.approvedBy,
    approvedAt: iso(version.approvedAt),
    reviewComment: version.reviewComment,
    publishedAt: iso(version.publishedAt),
    retiredAt: iso(version.retiredAt),
    lintFindings: version.lintFindings,
  };
}

export function toOfferDetailView(offer: OfferEntity, versions: readonly OfferVersionEntity[]): OfferDetailView {
  return {
    ...toOfferView(offer),
    versions: versions.map((version) => {
      const { content: _content, key: _key, ...rest } = toOfferVersionView(offer.key, version);
      return rest;
    }),
  };
}
