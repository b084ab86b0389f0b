import { Injectable } from '@nestjs/common';
import { ActionLinks, isLinkScannerAgent } from '@app/actions';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/kernel';
import { OfferVersionsRepository } from '../catalog/offer-versions.repository';
import { OfferMeasurementsRepository } from '../measurement/offer-measurements.repository';
import { OfferLinks } from '../offer-links';

export interface FollowedOfferLink {
  /** Where the offer's button leads: the offer's page, or the document's ask page. */
  readonly location: string;
  readonly counted: 'click' | 'scanner';
}

/** An offer link followed: recorded as a click (or a scanner's fetch), then where it leads. */
@Injectable()
export class FollowOfferLinkUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly links: OfferLinks,
    private readonly offers: OfferVersionsRepository,
    private readonly measurements: OfferMeasurementsRepository,
    private readonly actions: ActionLinks,
  ) {}

  async execute(token: string, request: { readonly method: string; readonly userAgent: string | null }): Promise<FollowedOfferLink> {
    const claims = this.links.tokens.clickOf(token);
    const choice = await this.measurements.choiceOf(claims.documentId);
    if (!choice || choice.offerKey !== claims.offerKey) throw new DomainError('not_found', 'This link is not valid');
    const offer = await this.offers.find(this.db.manager, claims.offerKey);
    const version = await this.offers.version(this.db.manager, offer, claims.version);
    // Scanners and previewers fetch every link of a message: counted apart (and still sent on), so
    // clicks count people. A HEAD, or no user agent at all, is never a person.
    const scanner = request.method === 'HEAD' || !request.userAgent || isLinkScannerAgent(request.userAgent);
    const counted = scanner ? 'scanner' : 'click';
    await this.measurements.recordClick({ ...claims, customerId: choice.customerId, kind: counted, userAgent: request.userAgent });
    const cta = version.content.cta;
    const location = cta.type === 'url' ? cta.url : (await this.actions.forDocument(claims.documentId)).askUrl;
    return { location, counted };
  }
}
