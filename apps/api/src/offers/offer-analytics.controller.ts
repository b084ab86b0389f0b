import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { OfferAnalyticsUseCase, OfferArmAnalytics } from '@app/offers';
import { Roles } from '../auth/access.decorators';

@ApiTags('offers')
@Controller('v1/analytics/offers')
export class OfferAnalyticsController {
  constructor(private readonly analytics: OfferAnalyticsUseCase) {}

  @Get()
  @Roles('marketer', 'reviewer')
  @ApiOperation({ summary: 'Per offer version and A/B arm: impressions, recipients, clicks (people; scanners apart), conversions and their rates' })
  @ApiQuery({ name: 'offer', required: false, description: 'Only this offer key' })
  list(@Query('offer') offer?: string): Promise<OfferArmAnalytics[]> {
    return this.analytics.execute(typeof offer === 'string' && offer ? offer : undefined);
  }
}
