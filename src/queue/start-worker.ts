import { Worker, type Job, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';

/**
 * How soon a job whose worker died without handing it back (SIGKILL, a lost machine) is resumed
 * by another: its lock lapses, then the next stalled check puts it back in line.
 */
export interface CrashRecovery {
  /** A running job's lock, ms (BullMQ renews it every half); unset = the queue's own default. */
  lockMs: number | undefined;
  /** How often lapsed locks are looked for, ms. */
  stalledCheckMs: number;
}

/** BullMQ's reason for failing a job whose workers died during it more than `maxStalledCount` times. */
const STALLED_OUT_REASON = 'job stalled more than allowable limit';

export interface RunningWorker {
  readonly worker: Worker;
  /**
   * Takes no new jobs, lets the running ones finish for up to `graceMs` (default: as long as they
   * take), hands the rest back to the queue, then drops the connection.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * A worker with its own blocking connection and an `error` listener: BullMQ's production
 * checklist, in one place, so no worker in Reverie is created without them.
 */
export function startWorker(
  name: string,
  processor: Processor,
  options: {
    redisUrl: string;
    prefix: string;
    logger: Logger;
    /**
     * A job whose worker died during it once already (SIGKILL, OOM) and again is failed by BullMQ
     * without running it, as one that keeps killing workers: the processor never hears of it, so
     * this does (to tell the user).
     */
    onStalledOut?: (job: Job) => Promise<void>;
  } & Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval' | 'limiter'>,
): RunningWorker {
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  // The jobs this process is running, with their lock tokens: what a drain must hand back.
  const running = new Map<string, { job: Job; token: string | undefined }>();
  const tracked: Processor = async (job, token, signal) => {
    const key = `${job.id}:${token ?? ''}`;
    running.set(key, { job, token });
    try {
      return (await processor(job, token, signal)) as unknown;
    } finally {
      running.delete(key);
    }
  };
  const worker = new Worker(name, tracked, {
    connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 1,
    ...(options.lockDuration ? { lockDuration: options.lockDuration } : {}),
    ...(options.stalledInterval ? { stalledInterval: options.stalledInterval } : {}),
    ...(options.limiter ? { limiter: options.limiter } : {}),
  });
  worker.on('error', (error) => options.logger.error({ err: error, queue: name }, 'worker-error'));
  worker.on('failed', (job, error) => {
    options.logger.warn({ err: error, jobId: job?.id, queue: name }, 'job-failed');
    if (!job || !options.onStalledOut || error.message !== STALLED_OUT_REASON) return;
    options.onStalledOut(job).catch((cause: unknown) => options.logger.error({ err: cause, jobId: job.id, queue: name }, 'stalled-out-failed'));
  });
  return {
    worker,
    async close(graceMs = Number.POSITIVE_INFINITY) {
      // BullMQ's close takes no new job and resolves once the running ones have finished.
      const closing = worker.close();
      // (No timer without a grace: Node fires one of Infinity ms at once.)
      const timeUp = Number.isFinite(graceMs) ? [new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs).unref())] : [];
      const finished = await Promise.race([closing.then(() => true), ...timeUp]);
      if (finished) {
        await connection.quit().catch(() => undefined);
        return;
      }
      // Back to waiting at once (not a failed attempt), so another worker takes it without waiting
      // out the lock; a step cut short resumes from what it recorded in the job's data.
      const handed = [...running.values()];
      await Promise.all(handed.map(({ job, token }) => job.moveToWait(token).catch((error: unknown) => options.logger.warn({ err: error, jobId: job.id }, 'hand-back-failed'))));
      options.logger.warn({ queue: name, jobIds: handed.map(({ job }) => job.id) }, 'jobs-handed-back');
      // The steps cut short stop with the process; their late writes fail on the lost lock.
      connection.disconnect();
    },
  };
}
