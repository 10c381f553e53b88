import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReverie, type Reverie } from '../../../src/app/create-reverie.ts';
import { parseConfig } from '../../../src/config/load-config.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { RenderJobData } from '../../../src/pipeline/job-data.ts';
import { renderQueueName } from '../../../src/queue/queue-names.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import { geminiAnswer, omniCompleted, omniInProgress, startFakeGoogle, type FakeGoogle } from '../../fakes/fake-google.ts';
import { makeClip } from '../../fixtures/make-media.ts';
import { createRecordingPort } from '../../helpers/recording-port.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { fakeGoogleEnv, oneShotPlan } from '../../helpers/model-harness.ts';
import { waitForJobSettled, waitUntil } from '../../helpers/wait-until.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { spawnEntry } from '../../helpers/spawn-main.ts';

/**
 * Never pay twice, the hard way: a real process (npm run make) is SIGKILLed after the fake has
 * seen its create, and a second Reverie on the same Redis prefix and data dir finishes the job.
 */

let dir = '';
let google: FakeGoogle;
const prefix = `test-restart-${randomBytes(4).toString('hex')}`;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-restart-'));
  google = await startFakeGoogle({ videoPath: await makeClip(join(dir, 'omni.mp4'), { width: 720, height: 1280, seconds: 4 }) });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await google.close();
  await deletePrefix(REDIS_URL, prefix);
  await rm(dir, { recursive: true, force: true });
});

describe('a worker killed right after create', () => {
  it('is resumed by a restarted worker: one create at the provider, one clip delivered', async () => {
    let finished = false;
    google.script('generateContent', geminiAnswer(JSON.stringify(oneShotPlan('en'))));
    google.script('interactions.get', (request) => (finished ? omniCompleted(request.id ?? '', google.url) : omniInProgress(request.id ?? '')));
    const env = { ...fakeGoogleEnv(google), REDIS_URL, QUEUE_PREFIX: prefix, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' };

    // First life: a real process, polling slowly so its job waits in the delayed set.
    const first = spawnEntry('src/cli/make.ts', ['a quiet rainy evening that feels like missing home'], { ...env, VIDEO_POLL_INTERVAL_MS: '3000' });
    cleanups.push(async () => void (await first.stop('SIGKILL')));

    await google.waitFor('interactions.create', 1, 30_000);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const renderQueue = new Queue(renderQueueName('omni'), { connection, prefix });
    cleanups.push(async () => {
      await renderQueue.close();
      await connection.quit();
    });
    const job = await waitUntil(async () => (await renderQueue.getDelayed())[0] ?? null, `the render job to wait for its next poll\n${first.output()}`);
    expect(await first.stop('SIGKILL')).toBe(137);

    const stored = RenderJobData.parse(job.data);
    expect(stored.shots[0]?.operation).toMatchObject({ provider: 'omni', operationId: 'interaction-1' });
    finished = true;

    // Second life: same Redis prefix and data dir, fresh provider instances.
    const logger = createLogger({ level: 'silent', secrets: [] });
    const reverie: Reverie = await createReverie(parseConfig({ ...env, VIDEO_POLL_INTERVAL_MS: '100' }), logger);
    cleanups.push(() => reverie.stop());
    const port = createRecordingPort();
    const delivery: RunningWorker = startTestDelivery(reverie, port, stored.request.where.conversationId);
    cleanups.push(() => delivery.close());
    reverie.startWorkers();

    const outcome = await port.outcome(stored.request.id);
    expect(outcome.kind).toBe('clip');
    if (outcome.kind === 'clip') expect(outcome.post.clip.lastOperation?.operationId).toBe('interaction-1');
    // The render job has completed (nothing of it runs any more) before we count.
    expect(await waitForJobSettled(renderQueue, job.id ?? '')).toBe('completed');
    expect(google.calls('interactions.create')).toHaveLength(1);
    expect(port.clips).toHaveLength(1);
    expect(await renderQueue.getJobCounts('completed', 'failed', 'active', 'delayed', 'wait')).toEqual({ completed: 1, failed: 0, active: 0, delayed: 0, wait: 0 });
  });
});
