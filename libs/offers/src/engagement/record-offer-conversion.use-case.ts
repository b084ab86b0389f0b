import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { OfferVersionsRepository } from '../catalog/offer-versions.repository';
import { OfferMeasurementsRepository } from '../measurement/offer-measurements.repository';

export interface OfferConversion {
  readonly customerId: string;
  readonly documentId?: string;
  readonly at: Date;
}

/** A billing system reports that a customer took an offer; analytics credit it to the version and arm they were shown. */
@Injectable()
export class RecordOfferConversionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
    private readonly measurements: OfferMeasurementsRepository,
  ) {}

  async execute(key: string, conversion: OfferConversion, principal: Principal): Promise<{ recorded: true }> {
    await this.offers.find(this.db.manager, key);
    if (conversion.at.getTime() > Date.now() + 5 * 60_000) throw new DomainError('validation_failed', 'A conversion cannot be in the future', [{ pointer: '/at', message: 'must not be in the future' }]);
    await this.measurements.recordConversion({ offerKey: key, customerId: conversion.customerId, documentId: conversion.documentId ?? null, at: conversion.at, recordedBy: principal.keyId });
    return { recorded: true };
  }
}
