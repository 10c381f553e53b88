import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RenderJobData } from '../../../src/pipeline/job-data.ts';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import { renderQueueName } from '../../../src/queue/queue-names.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import { falQueued, startFakeFal, type FakeFal } from '../../fakes/fake-fal.ts';
import { makeClip } from '../../fixtures/make-media.ts';
import { createRecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { spawnMain, type RunningEntry } from '../../helpers/spawn-main.ts';
import { createTestDatabaseUrl } from '../../helpers/test-database.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { waitUntil } from '../../helpers/wait-until.ts';
import { falProcessEnv } from '../../helpers/fal-process-env.ts';

/**
 * Issue #14's rolling restart with a real ROLE=worker process: SIGTERM arrives while its render
 * step is inside fal's create call. The process takes no new job, lets that step finish within
 * SHUTDOWN_GRACE_MS and exits 0; a second worker process then polls, finishes and hands over the
 * clip: one create per shot, one delivery.
 */

const GRACE_MS = 8_000;
let dir = '';
let fal: FakeFal;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-drain-'));
  fal = await startFakeFal({ videoPath: await makeClip(join(dir, 'fal.mp4'), { width: 180, height: 320, seconds: 1 }) });
});

afterAll(async () => {
  await fal.close();
  await rm(dir, { recursive: true, force: true });
});

it('drains a worker on SIGTERM mid-create: exit 0 within the grace, and another worker completes the request with one create per shot and one delivery', async () => {
  const database = await createTestDatabaseUrl();
  const env = {
    ...falProcessEnv(fal),
    DATABASE_URL: database.url,
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
  };
  // This process only submits and delivers (the adapter's half); the renders run in the children.
  let adapter: TestReverie | null = null;
  let delivery: RunningWorker | null = null;
  const workers: RunningEntry[] = [];
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => (release = resolve));
  try {
    adapter = await startTestReverie(env);
    const workerEnv = (name: string) => ({
      ...env,
      REDIS_URL: adapter?.reverie.context.redisUrl ?? '',
      QUEUE_PREFIX: adapter?.prefix ?? '',
      ROLE: 'worker',
      LOG_LEVEL: 'info',
      DATA_DIR: join(dir, name),
    });
    const port = createRecordingPort();
    delivery = startTestDelivery(adapter.reverie, port, 'session1');
    // The create call stays open until the test lets it answer: SIGTERM lands inside it.
    fal.script('submit', async (request, fake) => {
      await held;
      return falQueued(fake, request);
    });

    const first = spawnMain(workerEnv('worker-a'));
    workers.push(first);
    const request = makeRequest({ sentence: 'a 4 second short about a paper lantern', referencedText: null });
    await submitRequest(adapter.reverie.context, adapter.reverie.queues, request);
    await fal.waitFor('submit', 1, 30_000);

    const signalledAt = Date.now();
    const stopped = first.stop('SIGTERM', GRACE_MS + 10_000);
    await waitUntil(async () => (first.output().includes('"shutdown-start"') ? true : null), 'the worker to start its shutdown');
    release();
    expect(await stopped, first.output()).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(GRACE_MS);

    // The step finished (the create's answer recorded) rather than being cut short.
    expect(first.output()).not.toContain('jobs-handed-back');
    const render = await adapter.reverie.queues.get(renderQueueName('fal')).getJob(`${request.id}-render`);
    const data = RenderJobData.parse(render?.data);
    expect(data.shots.every((shot) => shot.operation !== null)).toBe(true);
    expect(render?.attemptsMade).toBe(0);
    expect(await render?.getState()).toMatch(/^(delayed|waiting)$/);

    const second = spawnMain(workerEnv('worker-b'));
    workers.push(second);
    const outcome = await port.outcome(request.id);
    expect(outcome.kind, second.output()).toBe('clip');
    expect(fal.calls('submit')).toHaveLength(data.shots.length);
    expect(port.clips).toHaveLength(1);
  } finally {
    release();
    for (const worker of workers) expect(await worker.stop()).toBe(0);
    await delivery?.close();
    await adapter?.cleanup();
    await database.drop();
    fal.reset();
  }
  // About 15 s alone (two worker processes starting is most of it); the margin is for a loaded CI machine.
}, 60_000);
