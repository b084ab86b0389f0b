import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/kernel';
import { migrationsApplied } from '@app/persistence';
import { Public } from '../auth/access.decorators';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness and readiness: the database answers and every migration is applied' })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up', migrations: 'applied' } } })
  @ApiServiceUnavailableResponse({ description: 'Database unreachable or migrations pending (problem+json)' })
  async check(): Promise<{ status: 'ok'; database: 'up'; migrations: 'applied' }> {
    let applied: boolean;
    try {
      applied = await this.db.transaction(async (manager) => {
        await manager.query(`SET LOCAL statement_timeout = 2000`);
        return migrationsApplied(this.db);
      });
    } catch {
      throw new DomainError('unavailable', 'The database is not reachable');
    }
    if (!applied) throw new DomainError('unavailable', 'Database migrations are pending');
    return { status: 'ok', database: 'up', migrations: 'applied' };
  }
}
