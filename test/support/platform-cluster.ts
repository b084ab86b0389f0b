import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WorkerProcess } from './faults/worker-process';
import { PlatformProcess } from './platform-process';
import { startTestRedis, TestRedis } from './redis-server';
import { ADMIN_KEY } from './test-platform';

export type QueueDriver = 'pgboss' | 'redis';

/**
 * The built platform scaled out on one database: `apis` API-only processes and
 * `workers` worker-only processes, each its own OS process with its own port
 * and data folder, sharing the database, the signing secret and (with
 * `redis`) a private Redis. Each worker serves its metrics on a port of its own,
 * so the work each one did can be read apart.
 */
export class PlatformCluster {
  private constructor(
    readonly databaseUrl: string,
    readonly apis: PlatformProcess[],
    readonly workers: WorkerProcess[],
    private readonly redis?: TestRedis,
  ) {}

  static async start(options: { databaseUrl: string; queue: QueueDriver; apis: number; workers: number; env?: Record<string, string> }): Promise<PlatformCluster> {
    const redis = options.queue === 'redis' ? await startTestRedis() : undefined;
    const common: Record<string, string> = {
      DATABASE_URL: options.databaseUrl,
      CCM_ADMIN_KEY: ADMIN_KEY,
      // Shared, as every process of one deployment must share them: each would otherwise generate its own into its data folder.
      CCM_SECRET: 'scale-out-test-signing-secret-0123456789abc',
      CCM_AUDIT_KEYS: 'scale-1:scale-out-test-audit-key-0123456789abcdef',
      CCM_QUEUE: options.queue,
      ...(redis ? { REDIS_URL: redis.url } : {}),
      ...options.env,
    };
    const dataDir = (role: string) => mkdtempSync(path.join(tmpdir(), `ccm-scale-${role}-`));
    const apis: PlatformProcess[] = [];
    for (let index = 0; index < options.apis; index++) {
      apis.push(new PlatformProcess(await PlatformProcess.freePort(), { ...common, CCM_PROCESSES: 'api', CCM_DATA_DIR: dataDir(`api${index}`) }));
    }
    const workers: PlatformCluster['workers'] = [];
    for (let index = 0; index < options.workers; index++) {
      const env = { ...common, HOST: '127.0.0.1', CCM_WORKER_METRICS_PORT: String(await PlatformProcess.freePort()), CCM_DATA_DIR: dataDir(`worker${index}`) };
      workers.push(new WorkerProcess(env));
    }
    const cluster = new PlatformCluster(options.databaseUrl, apis, workers, redis);
    try {
      // All at once, as an orchestrator starts replicas: migrations, schema and seeds must cope with racing starts.
      await Promise.all([...apis.map((api) => api.start()), ...workers.map((worker) => worker.start())]);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Jobs of `queue` worker `index` completed, by its own metrics (0 when it serves none). */
  async completedJobs(index: number, queue: string): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${this.workers[index].metricsPort}/metrics`);
    const text = await response.text();
    const line = text.split('\n').find((row) => row.startsWith(`ccm_job_duration_seconds_count{queue="${queue}",outcome="completed"} `));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers.map((worker) => worker.kill('SIGKILL')), ...this.apis.map((api) => api.kill('SIGKILL'))]);
    await this.redis?.stop();
  }
}
