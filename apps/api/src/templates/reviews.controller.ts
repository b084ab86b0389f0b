import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListReviewQueueUseCase, VersionView } from '@app/governance';
import { Roles } from '../auth/access.decorators';

@ApiTags('templates')
@Controller('v1/reviews')
@Roles('reviewer')
export class ReviewsController {
  constructor(private readonly reviewQueue: ListReviewQueueUseCase) {}

  @Get()
  @ApiOperation({ summary: 'Versions waiting for review, oldest first, with their lint warnings' })
  queue(): Promise<VersionView[]> {
    return this.reviewQueue.execute();
  }
}
