import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditEntryView, AuditLog, AuditVerification } from '@app/audit';
import { Roles } from '../auth/access.decorators';
import { AuditQueryDto } from './audit-query.dto';

@ApiTags('audit')
@Controller('v1/audit')
@Roles('reviewer')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

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
  @ApiOperation({ summary: 'Recompute the hash chain: { ok: true, entries } or { ok: false, brokenAt, ... }' })
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
