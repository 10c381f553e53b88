import { randomBytes } from 'node:crypto';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQueueSet, getQueuePosition, type QueueSet } from '../../../src/queue/queue-set.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';
import { waitUntil } from '../../helpers/wait-until.ts';

/** The place in line shown on status cards is the order a worker really takes jobs in. */

let prefix = '';
let connection: Redis;
let queues: QueueSet;
let worker: Worker | null = null;
let workerConnection: Redis | null = null;

beforeEach(() => {
  prefix = `test-queue-set-${randomBytes(4).toString('hex')}`;
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = createQueueSet(connection, prefix);
});

afterEach(async () => {
  await worker?.close();
  await workerConnection?.quit();
  worker = null;
  workerConnection = null;
  await queues.close();
  await connection.quit();
  await deletePrefix(REDIS_URL, prefix);
});

describe('getQueuePosition', () => {
  it('counts jobs without a priority first, then prioritized ones by priority and arrival, as a worker takes them', async () => {
    const queue = queues.get('render-fake');
    // An old job from before fair turns (no priority), then prioritized ones out of order.
    const adds: [string, number][] = [
      ['p3', 3],
      ['old', 0],
      ['p1-first', 1],
      ['p2', 2],
      ['p1-second', 1],
    ];
    for (const [jobId, priority] of adds) await queue.add('render', {}, { jobId, ...(priority ? { priority } : {}) });
    const positions = Object.fromEntries(await Promise.all(adds.map(async ([jobId]) => [jobId, await getQueuePosition(queue, jobId)] as const)));
    expect(positions).toEqual({ old: 1, 'p1-first': 2, 'p1-second': 3, p2: 4, p3: 5 });
    expect(await getQueuePosition(queue, 'not-there')).toBeNull();

    const taken: string[] = [];
    workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    worker = new Worker(
      'render-fake',
      async (job) => {
        taken.push(job.id ?? '');
      },
      { connection: workerConnection, prefix, concurrency: 1 },
    );
    await waitUntil(async () => (taken.length === adds.length ? true : null), 'the worker to take every job');
    expect(taken).toEqual(['old', 'p1-first', 'p1-second', 'p2', 'p3']);
    // Taken and done: no longer in line.
    expect(await getQueuePosition(queue, 'p3')).toBeNull();
  });
});
