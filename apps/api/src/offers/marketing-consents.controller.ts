import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/auth';
import { ChangeMarketingConsentUseCase, MarketingConsentView } from '@app/consent';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { MarketingConsentDto } from './offer.dto';

/** Billing systems record a customer's marketing consent: without one on record, no message carries an offer. */
@ApiTags('consents')
@Controller('v1/consents/marketing')
@Roles('billing')
export class MarketingConsentsController {
  constructor(private readonly change: ChangeMarketingConsentUseCase) {}

  @Put(':customerId')
  @ApiOperation({ summary: "Give or withdraw a customer's consent to offers in their transactional messages; audited with the caller's key" })
  set(@Param('customerId') customerId: string, @Body() body: MarketingConsentDto, @CurrentPrincipal() principal: Principal): Promise<MarketingConsentView> {
    return this.change.execute({ customerId, consented: body.consented, source: 'api', actor: principal.keyId, at: body.at ? new Date(body.at) : undefined });
  }
}
