export * from './job-queue';
export * from './job-queue.factory';
export * from './jobs.module';
export * from './pg-boss.job-queue';
export * from './job-queue.schema';
export * from './bullmq.job-queue';
