import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ActionAnalytics, GetActionAnalyticsUseCase } from '@app/landing';
import { Roles } from '../auth/access.decorators';
import { analyticsFilterOf } from './action-analytics-query';

@ApiTags('analytics')
@Controller('v1/analytics')
@Roles('billing', 'reviewer')
export class ActionAnalyticsController {
  constructor(private readonly analytics: GetActionAnalyticsUseCase) {}

  @Get('actions')
  @ApiOperation({
    summary:
      'What customers did with the pay and ask links, per document and per template version: link views (people and scanners), pay clicks, questions, payments, and the median and 90th percentile time from the first sent delivery to payment',
  })
  @ApiQuery({ name: 'documentId', required: false, description: 'One document (or give templateKey)' })
  @ApiQuery({ name: 'templateKey', required: false, description: "A template's documents (or give documentId)" })
  @ApiQuery({ name: 'version', required: false, description: 'With templateKey: only that version' })
  @ApiQuery({ name: 'since', required: false, description: 'ISO 8601 date or instant: documents accepted at or after it' })
  @ApiBadRequestResponse({ description: 'A parameter is unknown, missing or malformed; the detail names it (problem+json)' })
  actions(@Query() query: Record<string, unknown>): Promise<ActionAnalytics> {
    return this.analytics.execute(analyticsFilterOf(query));
  }
}
