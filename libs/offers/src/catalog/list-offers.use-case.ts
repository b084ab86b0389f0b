import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OfferVersionsRepository } from './offer-versions.repository';
import { OfferView, toOfferView } from './offer.view';

/** The catalog, by key, with the version each offer shows now. */
@Injectable()
export class ListOffersUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
  ) {}

  async execute(): Promise<OfferView[]> {
    return (await this.offers.list(this.db.manager)).map(toOfferView);
  }
}
