import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TemplateQueries, VersionView } from '@app/governance';
import { Roles } from '../auth/access.decorators';

@ApiTags('templates')
@Controller('v1/reviews')
@Roles('reviewer')
export class ReviewsController {
  constructor(private readonly queries: TemplateQueries) {}

  @Get()
  @ApiOperation({ summary: 'Versions waiting for review, oldest first, with their lint warnings' })
  queue(): Promise<VersionView[]> {
    return this.queries.reviewQueue();
  }
}
