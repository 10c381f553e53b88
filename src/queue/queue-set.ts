import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

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

/**
 * Queue handles are cheap but not free (one script load each): reuse one per name. Each handle
 * re-emits its connection's errors; `onError` hears them (without a listener BullMQ prints each
 * one to stderr, outside the log).
 */
export function createQueueSet(connection: Redis, prefix: string, onError?: (error: Error, queueName: string) => void): QueueSet {
  const queues = new Map<string, Queue>();
  return {
    get(name) {
      let queue = queues.get(name);
      if (!queue) {
        queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
        if (onError) queue.on('error', (error) => onError(error, name));
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
 * 1-based place in line for a waiting job, or null when it is not waiting. Workers take the wait
 * list first (jobs without a priority; BullMQ pushes on the left and takes from the right, so the
 * last id is next), then the prioritized set by score: priority, then first come (fair turns).
 * One MULTI reads both, so a job moving between them is not missed or counted twice.
 */
export async function getQueuePosition(queue: Queue, jobId: string): Promise<number | null> {
  const client = await queue.getBackend().client;
  const replies = await client.multi().lrange(queue.toKey('wait'), 0, -1).zrange(queue.toKey('prioritized'), 0, -1).exec();
  const [waitingIds, prioritizedIds] = (replies ?? []).map(([error, reply]) => {
    if (error) throw error;
    return z.array(z.string()).parse(reply);
  });
  const waiting = waitingIds ?? [];
  const index = waiting.indexOf(jobId);
  if (index >= 0) return waiting.length - index;
  const rank = (prioritizedIds ?? []).indexOf(jobId);
  return rank < 0 ? null : waiting.length + rank + 1;
}
