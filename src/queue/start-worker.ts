import { Worker, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';

export interface RunningWorker {
  readonly worker: Worker;
  /** Lets the current jobs finish (up to BullMQ's own close), then drops the connection. */
  close(): Promise<void>;
}

/**
 * A worker with its own blocking connection and an `error` listener: BullMQ's production
 * checklist, in one place, so no worker in Reverie is created without them.
 */
export function startWorker(
  name: string,
  processor: Processor,
  options: { redisUrl: string; prefix: string; logger: Logger } & Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'limiter'>,
): RunningWorker {
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker(name, processor, {
    connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 1,
    ...(options.lockDuration ? { lockDuration: options.lockDuration } : {}),
    ...(options.limiter ? { limiter: options.limiter } : {}),
  });
  worker.on('error', (error) => options.logger.error({ err: error, queue: name }, 'worker-error'));
  worker.on('failed', (job, error) => options.logger.warn({ err: error, jobId: job?.id, queue: name }, 'job-failed'));
  return {
    worker,
    async close() {
      await worker.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
