import { Injectable } from '@nestjs/common';
import { ActionLinks } from '@app/actions';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/kernel';
import { OfferVersionsRepository } from '../catalog/offer-versions.repository';
import { OfferMeasurementsRepository } from '../measurement/offer-measurements.repository';
import { OfferLinks } from '../offer-links';

/**
 * Mail scanners and link previewers fetch every link of a message. They are
 * counted apart (and still sent on), so clicks count people. A HEAD request
 * is never a person.
 */
const SCANNER_AGENTS = /bot|crawler|spider|preview|scanner|safelinks|proofpoint|mimecast|barracuda|urldefense|microsoft office|ms-office|outlook-ios|googleimageproxy|ggpht|yahoo.*slurp|facebookexternalhit|slackbot|headless|curl|wget|python-requests|go-http-client/i;

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
    const scanner = request.method === 'HEAD' || !request.userAgent || SCANNER_AGENTS.test(request.userAgent);
    const counted = scanner ? 'scanner' : 'click';
    await this.measurements.recordClick({ ...claims, customerId: choice.customerId, kind: counted, userAgent: request.userAgent });
    const cta = version.content.cta;
    const location = cta.type === 'url' ? cta.url : (await this.actions.forDocument(claims.documentId)).askUrl;
    return { location, counted };
  }
}
