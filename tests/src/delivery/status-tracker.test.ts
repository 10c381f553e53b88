import { randomBytes } from 'node:crypto';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStatusTracker, type StatusTracker } from '../../../src/delivery/status-tracker.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { PLAN_QUEUE, renderQueueName } from '../../../src/queue/queue-names.ts';
import { createQueueSet, type QueueSet } from '../../../src/queue/queue-set.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { createRecordingPort, type RecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';
import { waitUntil } from '../../helpers/wait-until.ts';
import { createPreviewMessages } from '../../../src/store/preview-messages.ts';
import { createRedisMediaStore } from '../../../src/store/redis-media-store.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The status tracker forgets what will never be delivered to it, so its map does not only grow. */

let prefix = '';
let connection: Redis;
let queues: QueueSet;
let port: RecordingPort;
let tracker: StatusTracker;
let worker: Worker | null = null;
let workerConnection: Redis | null = null;
let clock = 0;

const FORGET_AFTER_MS = 60_000;
const RENDER_QUEUE = renderQueueName('fake');

beforeEach(() => {
  prefix = `test-tracker-${randomBytes(4).toString('hex')}`;
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = createQueueSet(connection, prefix);
  port = createRecordingPort();
  clock = Date.now();
  tracker = createStatusTracker({
    port,
    queues,
    queueNames: [PLAN_QUEUE, RENDER_QUEUE],
    redisUrl: REDIS_URL,
    prefix,
    owns: () => true,
    minEditIntervalMs: 0,
    queuePollMs: 50,
    forgetAfterMs: FORGET_AFTER_MS,
    preview: { mediaStore: createRedisMediaStore(connection, prefix, { maxBytes: 1_000_000 }), previews: createPreviewMessages(connection, prefix), workRoot: join(tmpdir(), prefix) },
    logger: createLogger({ level: 'silent', secrets: [] }),
    now: () => clock,
  });
});

afterEach(async () => {
  await worker?.close();
  await workerConnection?.quit();
  worker = null;
  workerConnection = null;
  await tracker.close();
  await queues.close();
  await connection.quit();
  await deletePrefix(REDIS_URL, prefix);
});

const planningShown = (requestId: string) => port.statuses.some((status) => status.requestId === requestId && status.stage === 'planning');

describe('status tracker', () => {
  it('forgets requests whose job failed for good or was removed, with no delivery', async () => {
    const requests = [makeRequest(), makeRequest(), makeRequest()];
    for (const request of requests) tracker.track(request, 1);
    expect(tracker.size()).toBe(3);
    workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    // Each job reports progress until the tracker has shown it (its listener is live), then fails for good.
    worker = new Worker(
      PLAN_QUEUE,
      async (job) => {
        const { id } = job.data.request as { id: string };
        while (!planningShown(id)) {
          await job.updateProgress({ requestId: id, stage: 'planning' });
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error('planning failed for good');
      },
      { connection: workerConnection, prefix },
    );
    for (const request of requests.slice(0, 2)) await queues.get(PLAN_QUEUE).add('plan', { request }, { jobId: request.id, attempts: 1 });
    await waitUntil(async () => (tracker.size() === 1 ? true : null), 'the failed requests to be forgotten');

    // A job removed before it ran (never picked up: delayed) leaves nothing behind either.
    const [, , last] = requests;
    if (!last) throw new Error('three requests');
    await queues.get(PLAN_QUEUE).add('plan', { request: last }, { jobId: last.id, delay: 60_000 });
    await queues.get(PLAN_QUEUE).remove(last.id);
    await waitUntil(async () => (tracker.size() === 0 ? true : null), 'the removed request to be forgotten');
  });

  it('drops entries that showed no progress for longer than forgetAfterMs, keeps fresh ones', async () => {
    const stale = makeRequest();
    tracker.track(stale, null);
    clock += FORGET_AFTER_MS + 1;
    const fresh = makeRequest();
    tracker.track(fresh, null);
    expect(tracker.size()).toBe(2);
    // One sweep looks at both: the stale entry goes, the fresh one stays.
    await waitUntil(async () => (tracker.size() === 1 ? true : null), 'the stale entry to be dropped');
    tracker.forget(fresh.id);
    expect(tracker.size()).toBe(0);
  });

  it('keeps a planned request’s place in its provider’s line on the card, in fair-turn order', async () => {
    const request = makeRequest();
    const render = queues.get(RENDER_QUEUE);
    await render.add('render', { request: makeRequest() }, { jobId: 'earlier-turn', priority: 1 });
    const job = await render.add('render', { request }, { jobId: `${request.id}-render`, priority: 2 });
    tracker.track(request, null);
    const latest = () => port.statuses.filter((status) => status.requestId === request.id).at(-1)?.text ?? '';
    // Planned (the plan line stays on the card), then waiting for the provider: its place is shown.
    const planSummary = { title: 'Rain at the window', shots: 1, seconds: 4, model: 'fake-model-1' };
    await waitUntil(async () => {
      if (latest().includes('Rain at the window')) return true;
      await job.updateProgress({ requestId: request.id, stage: 'planned', planSummary });
      return null;
    }, 'the plan line');
    await waitUntil(async () => (latest().includes('Rain at the window') && latest().includes('#2') ? true : null), 'place 2 behind the earlier turn');
    // A newcomer's first turn goes ahead of this second one: the card follows the real order.
    await render.add('render', { request: makeRequest() }, { jobId: 'newcomer-turn', priority: 1 });
    await waitUntil(async () => (latest().includes('#3') ? true : null), 'place 3 behind the newcomer');
  });
});
