import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * Finished jobs are kept for a week: BullMQ's job-id dedupe only holds while the job exists,
 * and a regenerate click on an old clip must still find its earlier job.
 */
const KEEP_SECONDS = 7 * 24 * 3600;

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: KEEP_SECONDS },
  removeOnFail: { age: KEEP_SECONDS },
};

export interface QueueSet {
  get(name: string): Queue;
  close(): Promise<void>;
}

/** Queue handles are cheap but not free (one script load each): reuse one per name. */
export function createQueueSet(connection: Redis, prefix: string): QueueSet {
  const queues = new Map<string, Queue>();
  return {
    get(name) {
      let queue = queues.get(name);
      if (!queue) {
        queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
        queues.set(name, queue);
      }
      return queue;
    },
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      queues.clear();
    },
  };
}

/**
 * 1-based place in line for a waiting job, or null when it is not waiting. BullMQ pushes new jobs
 * on the left of the wait list and workers take from the right, so the last id is next.
 */
export async function getQueuePosition(queue: Queue, jobId: string): Promise<number | null> {
  const waitingIds = await queue.getBackend().client.then((client) => client.lrange(`${queue.qualifiedName}:wait`, 0, -1));
  const index = waitingIds.indexOf(jobId);
  return index < 0 ? null : waitingIds.length - index;
}
