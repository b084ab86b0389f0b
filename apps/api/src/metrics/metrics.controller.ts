import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { METRICS_CONTENT_TYPE, metricsText } from '@app/observability';
import { Roles } from '../auth/access.decorators';

@ApiTags('operations')
@Controller('metrics')
@Roles('admin')
export class MetricsController {
  @Get()
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The platform's metrics in Prometheus text format (e.g. ccm_dispatch_resends_total)" })
  @ApiProduces('text/plain')
  metrics(): Promise<string> {
    return metricsText();
  }
}
