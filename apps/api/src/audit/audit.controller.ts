import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AuditCheckpoint,
  AuditCheckpointRepository,
  AuditEntryView,
  AuditLogRepository,
  AuditVerification,
  parseCheckpoint,
  TakeAuditCheckpointUseCase,
  VerifyAuditChainUseCase,
} from '@app/audit';
import { Roles } from '../auth/access.decorators';
import { AuditQueryDto } from './audit-query.dto';
import { VerifyCheckpointsDto } from './verify-checkpoints.dto';

@ApiTags('audit')
@Controller('v1/audit')
@Roles('reviewer')
export class AuditController {
  constructor(
    private readonly audit: AuditLogRepository,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly verifyChain: VerifyAuditChainUseCase,
    private readonly takeAuditCheckpoint: TakeAuditCheckpointUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Audit entries in chain order, filterable; page with `after` (the last id seen)' })
  list(@Query() query: AuditQueryDto): Promise<AuditEntryView[]> {
    return this.audit.list({
      ...query,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
    });
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the keyed chain and check it against the stored checkpoints: { ok: true, entries, … } or the first broken entry' })
  verify(): Promise<AuditVerification> {
    return this.verifyChain.execute();
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify as GET does, also against exported checkpoints kept outside the database' })
  verifyAgainst(@Body() body: VerifyCheckpointsDto): Promise<AuditVerification> {
    const exported = body.checkpoints.map((checkpoint, i) => parseCheckpoint(checkpoint, `/checkpoints/${i}`));
    return this.verifyChain.execute(exported);
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Signed checkpoints of the chain, oldest first: export and keep them outside the database' })
  listCheckpoints(): Promise<AuditCheckpoint[]> {
    return this.checkpoints.list();
  }

  @Post('checkpoints')
  @ApiOperation({ summary: 'Sign the chain as it is now; the checkpoint is stored and returned for export' })
  @ApiCreatedResponse({ description: 'The signed checkpoint' })
  takeCheckpoint(): Promise<AuditCheckpoint> {
    return this.takeAuditCheckpoint.execute();
  }
}
