import { randomBytes } from 'node:crypto';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { startWorker, type RunningWorker } from '../../../src/queue/start-worker.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';
import { waitForJobSettled, waitUntil } from '../../helpers/wait-until.ts';

/** SIGTERM's drain: running steps finish within the grace, or go back to the queue for another worker. */

const logger = createLogger({ level: 'silent', secrets: [] });
let prefix = '';
let connection: Redis;
let queue: Queue;
const started: RunningWorker[] = [];

beforeEach(() => {
  prefix = `test-drain-${randomBytes(4).toString('hex')}`;
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue('work', { connection, prefix });
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((worker) => worker.close(0)));
  await queue.close();
  await connection.quit();
  await deletePrefix(REDIS_URL, prefix);
});

function start(processor: (job: Job) => Promise<string>): RunningWorker {
  const running = startWorker('work', processor, { redisUrl: REDIS_URL, prefix, logger, concurrency: 2 });
  started.push(running);
  return running;
}

it('waits for a running step to finish within the grace before it closes', async () => {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const first = start(async () => {
    await gate;
    return 'first';
  });
  await queue.add('step', {}, { jobId: 'running' });
  await waitUntil(async () => ((await queue.getJobState('running')) === 'active' ? true : null), 'the step to start');
  let closed = false;
  const closing = first.close(30_000).then(() => (closed = true));
  // The step is still running: the worker keeps its slot and its lock.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(closed).toBe(false);
  expect(await queue.getJobState('running')).toBe('active');
  release();
  await closing;
  expect(await queue.getJobState('running')).toBe('completed');
  expect((await queue.getJob('running'))?.returnvalue).toBe('first');
});

it('hands a step still running after the grace back to the queue, not as a failed attempt, and another worker finishes it', async () => {
  const stuck = start(async () => new Promise<string>(() => {}));
  await queue.add('step', {}, { jobId: 'long' });
  await waitUntil(async () => ((await queue.getJobState('long')) === 'active' ? true : null), 'the step to start');
  await stuck.close(200);
  const handedBack = await queue.getJob('long');
  expect(await handedBack?.getState()).toBe('waiting');
  expect(handedBack?.attemptsMade ?? -1).toBe(0);
  start(async () => 'other');
  expect(await waitForJobSettled(queue, 'long')).toBe('completed');
  expect((await queue.getJob('long'))?.returnvalue).toBe('other');
});
