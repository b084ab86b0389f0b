import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PlatformProcess } from '../platform-process';
import { ADMIN_KEY } from '../test-platform';
import { SmtpSink } from './smtp-sink';
import { WorkerProcess } from './worker-process';

export interface FaultRigOptions {
  /** The (owner's) database URL the processes share. */
  readonly databaseUrl: string;
  /** The mail server the platform sends to; started here when it is not running. */
  readonly smtp: SmtpSink;
  /** More settings for every process (provider URLs, concurrency, …). */
  readonly env?: Record<string, string>;
}

/**
 * The platform as production runs it: an API process (`CCM_PROCESSES=api`) and a
 * worker process (`CCM_PROCESSES=worker`) built from `dist/`, on one database,
 * sending email over SMTP to `smtp`. Either can be killed and started again.
 */
export class FaultRig {
  readonly apiKey = ADMIN_KEY;
  readonly env: Record<string, string>;
  api!: PlatformProcess;
  readonly worker: WorkerProcess;

  private constructor(private readonly options: FaultRigOptions) {
    this.env = {
      DATABASE_URL: options.databaseUrl,
      CCM_ADMIN_KEY: ADMIN_KEY,
      CCM_SECRET: 'fault-run-signing-secret-0123456789abcdef',
      CCM_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ccm-fault-data-')),
      CCM_EMAIL_TRANSPORT: 'smtp',
      SMTP_URL: options.smtp.url,
      CCM_EMAIL_FROM: 'billing@northwind.example',
      // Intake answers as soon as the document is durable; rendering is the worker's.
      CCM_RENDITION_WAIT_MS: '0',
      // No scheduled checkpoint competing with the run.
      CCM_AUDIT_CHECKPOINT_MINUTES: '0',
      ...options.env,
    };
    this.worker = new WorkerProcess(this.env);
  }

  static async start(options: FaultRigOptions): Promise<FaultRig> {
    if (!options.smtp.running) await options.smtp.start();
    const rig = new FaultRig(options);
    rig.api = new PlatformProcess(await PlatformProcess.freePort(), { ...rig.env, CCM_PROCESSES: 'api' });
    await rig.api.start();
    await rig.worker.start();
    return rig;
  }

  get url(): string {
    return this.api.url;
  }

  /** Stops both processes (SIGTERM: in-flight jobs finish), then the mail server. */
  async close(): Promise<void> {
    await Promise.all([this.worker.kill('SIGTERM'), this.api?.kill('SIGTERM')]);
    await this.options.smtp.stop();
  }
}
