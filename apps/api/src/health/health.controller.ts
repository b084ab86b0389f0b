import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { JobQueue } from '@app/jobs';
import { DomainError } from '@app/kernel';
import { migrationsApplied } from '@app/persistence';
import { Public } from '../auth/access.decorators';

/** An event loop stalled this long between two liveness probes is not coming back by itself. */
const STALLED_EVENT_LOOP_MS = 5_000;

/**
 * Health for load balancers and orchestrators, unauthenticated and free of
 * secrets: `live` says whether to restart the process, `ready` whether to send
 * it traffic.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  private readonly eventLoopDelay = monitorEventLoopDelay({ resolution: 20 });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JobQueue) private readonly jobs: JobQueue,
  ) {
    this.eventLoopDelay.enable();
  }

  @Get()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness and readiness: the database answers and every migration is applied' })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up', migrations: 'applied' } } })
  @ApiServiceUnavailableResponse({ description: 'Database unreachable or migrations pending (problem+json)' })
  async check(): Promise<{ status: 'ok'; database: 'up'; migrations: 'applied' }> {
    await this.databaseReady();
    return { status: 'ok', database: 'up', migrations: 'applied' };
  }

  @Get('live')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the event loop is responsive (its longest delay since the last probe)' })
  @ApiOkResponse({ schema: { example: { status: 'ok', eventLoopDelayMaxMs: 12 } } })
  @ApiServiceUnavailableResponse({ description: 'The event loop was blocked for seconds (problem+json)' })
  live(): { status: 'ok'; eventLoopDelayMaxMs: number } {
    // The histogram's maximum since the previous probe: answering at all proves the loop turns now,
    // the maximum says whether it froze in between.
    const maxMs = Math.round(this.eventLoopDelay.max / 1e6);
    this.eventLoopDelay.reset();
    if (maxMs > STALLED_EVENT_LOOP_MS) throw new DomainError('unavailable', `The event loop was blocked for ${maxMs} ms`);
    return { status: 'ok', eventLoopDelayMaxMs: maxMs };
  }

  @Get('ready')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness: the database and the job queue answer, and every migration is applied' })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up', queue: 'up', migrations: 'applied' } } })
  @ApiServiceUnavailableResponse({ description: 'Database or job queue unreachable, or migrations pending (problem+json naming which)' })
  async ready(): Promise<{ status: 'ok'; database: 'up'; queue: 'up'; migrations: 'applied' }> {
    await this.databaseReady();
    try {
      await this.jobs.ping();
    } catch {
      throw new DomainError('unavailable', 'The job queue is not reachable');
    }
    return { status: 'ok', database: 'up', queue: 'up', migrations: 'applied' };
  }

  private async databaseReady(): Promise<void> {
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
  }
}
