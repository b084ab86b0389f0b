import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '@app/contracts';
import { DomainError } from '@app/kernel';
import { GovernedVersions, NewVersion } from '@app/template-store';
import type { OfferContent } from '../offer-content';
import { OfferEntity } from './offer.entity';
import { OfferVersionEntity } from './offer-version.entity';

/**
 * Reads and locks offers and their versions inside a transaction; holds no
 * rules — those are the governance lifecycle's, the same as for templates and
 * locked blocks (`VersionLifecycle`).
 */
@Injectable()
export class OfferVersionsRepository extends GovernedVersions<OfferEntity, OfferVersionEntity, OfferContent> {
  readonly auditAction = 'offer_version';
  readonly auditType = 'offer_version';

  keyOf(offer: OfferEntity): string {
    return offer.key;
  }

  describe(offer: OfferEntity, number: number): string {
    return `Version ${number} of offer "${offer.key}"`;
  }

  hash(content: OfferContent): string {
    return createHash('sha256').update(canonicalJson(content)).digest('hex');
  }

  contentOf(version: OfferVersionEntity): OfferContent {
    return version.content;
  }

  setContent(version: OfferVersionEntity, content: OfferContent, hash: string): void {
    version.content = content;
    version.contentHash = hash;
  }

  async lock(manager: EntityManager, key: string): Promise<OfferEntity> {
    const offer = await manager.getRepository(OfferEntity).findOne({ where: { key }, lock: { mode: 'pessimistic_write' } });
    if (!offer) throw new DomainError('not_found', `No offer "${key}"`);
    return offer;
  }

  async find(manager: EntityManager, key: string): Promise<OfferEntity> {
    const offer = await manager.getRepository(OfferEntity).findOne({ where: { key } });
    if (!offer) throw new DomainError('not_found', `No offer "${key}"`);
    return offer;
  }

  async version(manager: EntityManager, offer: OfferEntity, number: number): Promise<OfferVersionEntity> {
    const version = await manager.getRepository(OfferVersionEntity).findOne({ where: { offerId: offer.id, number } });
    if (!version) throw new DomainError('not_found', `No version ${number} of offer "${offer.key}"`);
    return version;
  }

  /** A new offer without versions, or null when the key is taken. */
  async insert(manager: EntityManager, fields: Pick<OfferEntity, 'key' | 'description'>): Promise<OfferEntity | null> {
    const inserted = await manager.createQueryBuilder().insert().into(OfferEntity).values(fields).orIgnore().returning(['id']).execute();
    if (!inserted.raw[0]?.id) return null;
    return manager.findOneByOrFail(OfferEntity, { key: fields.key });
  }

  list(manager: EntityManager): Promise<OfferEntity[]> {
    return manager.getRepository(OfferEntity).find({ order: { key: 'ASC' } });
  }

  versions(manager: EntityManager, offer: OfferEntity): Promise<OfferVersionEntity[]> {
    return manager.getRepository(OfferVersionEntity).find({ where: { offerId: offer.id }, order: { number: 'ASC' } });
  }

  /** Every offer with a published version, and that version: the candidates of a message. */
  async published(manager: EntityManager): Promise<Array<{ offer: OfferEntity; version: OfferVersionEntity }>> {
    const offers = await manager
      .getRepository(OfferEntity)
      .createQueryBuilder('o')
      .where('o.published_version IS NOT NULL')
      .orderBy('o.key')
      .getMany();
    if (!offers.length) return [];
    const versions = await manager
      .getRepository(OfferVersionEntity)
      .createQueryBuilder('v')
      .innerJoin(OfferEntity, 'o', 'o.id = v.offer_id AND o.published_version = v.number')
      .where("v.status = 'published'")
      .getMany();
    const byOffer = new Map(versions.map((v) => [v.offerId, v]));
    return offers.flatMap((offer) => (byOffer.has(offer.id) ? [{ offer, version: byOffer.get(offer.id)! }] : []));
  }

  async nextNumber(manager: EntityManager, offer: OfferEntity): Promise<number> {
    const [{ max }] = (await manager.query('SELECT coalesce(max(number), 0)::int AS max FROM offer_versions WHERE offer_id = $1', [offer.id])) as Array<{ max: number }>;
    return max + 1;
  }

  create(manager: EntityManager, offer: OfferEntity, fields: NewVersion<OfferContent>): OfferVersionEntity {
    return manager.create(OfferVersionEntity, { offerId: offer.id, status: 'draft', lintFindings: [], ...fields });
  }

  save(manager: EntityManager, version: OfferVersionEntity): Promise<OfferVersionEntity> {
    return manager.getRepository(OfferVersionEntity).save(version);
  }

  async setPublished(manager: EntityManager, offer: OfferEntity, number: number | null): Promise<void> {
    await manager.getRepository(OfferEntity).update({ id: offer.id }, { publishedVersion: number });
    offer.publishedVersion = number;
  }
}
