import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReverie, type Reverie } from '../../../../src/app/create-reverie.ts';
import { parseConfig } from '../../../../src/config/load-config.ts';
import { createLogger } from '../../../../src/log/logger.ts';
import { RenderJobData } from '../../../../src/pipeline/job-data.ts';
import { renderQueueName } from '../../../../src/queue/queue-names.ts';
import type { RunningWorker } from '../../../../src/queue/start-worker.ts';
import { startFakeFal, type FakeFal } from '../../../fakes/fake-fal.ts';
import { makeClip } from '../../../fixtures/make-media.ts';
import { createRecordingPort } from '../../../helpers/recording-port.ts';
import { ffprobe, runCli } from '../../../helpers/run-cli.ts';
import { REDIS_URL } from '../../../helpers/test-reverie.ts';
import { deletePrefix } from '../../../../src/queue/redis-connection.ts';
import { waitForJobSettled, waitUntil } from '../../../helpers/wait-until.ts';
import { startTestDelivery } from '../../../helpers/test-delivery.ts';
import { spawnEntry } from '../../../helpers/spawn-main.ts';

/**
 * Real processes against the fake fal: `npm run make` with VIDEO_MODEL=fal:kling-3-std, and a
 * worker SIGKILLed after its submit whose job a second Reverie finishes with no second POST.
 * The offline planner plans, so nothing but the fake fal is on the network.
 */

let dir = '';
let fal: FakeFal;
const prefixes: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

const falEnv = (prefix: string): Record<string, string> => ({
  REDIS_URL,
  QUEUE_PREFIX: prefix,
  DATA_DIR: join(dir, prefix),
  LOG_LEVEL: 'warn',
  PLANNER: 'offline',
  FAL_KEY: 'test-fal-key',
  FAL_BASE_URL: fal.url,
  VIDEO_MODEL: 'fal:kling-3-std',
  VIDEO_POLL_INTERVAL_MS: '100',
  VIDEO_CREATE_TIMEOUT_MS: '5000',
  VIDEO_STATUS_TIMEOUT_MS: '5000',
  VIDEO_DOWNLOAD_TIMEOUT_MS: '10000',
  WORKER_CONCURRENCY: '1',
});

const newPrefix = (name: string) => {
  const prefix = `test-${name}-${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  return prefix;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-fal-process-'));
  fal = await startFakeFal({ videoPath: await makeClip(join(dir, 'fal.mp4'), { width: 720, height: 1280, seconds: 4 }) });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await fal.close();
  for (const prefix of prefixes) await deletePrefix(REDIS_URL, prefix);
  await rm(dir, { recursive: true, force: true });
});

describe('npm run make with VIDEO_MODEL=fal:kling-3-std', () => {
  it('writes a playable clip made on the fake fal, one submit per shot', async () => {
    fal.reset();
    const out = join(dir, 'short.mp4');
    const result = await runCli('src/cli/make.ts', ['a quiet rainy evening that feels like missing home', '--out', out], { env: falEnv(newPrefix('make')), timeoutMs: 90_000 });

    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('fal:kling-3-std');
    const probe = await ffprobe(out);
    expect(probe.video).toMatchObject({ codec: 'h264' });
    expect(probe.audio?.codec).toBe('aac');
    // The offline planner is deterministic: this sentence is always planned as 3 shots of 4 s.
    expect(result.stdout).toContain('— 3 shots, 12 s, fal:kling-3-std');
    const submits = fal.calls('submit');
    expect(submits).toHaveLength(3);
    // No avatar: the first shot starts from words, each later one from the last frame of the shot before.
    expect(submits.map((call) => call.path)).toEqual([
      '/fal-ai/kling-video/v3/standard/text-to-video',
      '/fal-ai/kling-video/v3/standard/image-to-video',
      '/fal-ai/kling-video/v3/standard/image-to-video',
    ]);
    // One submit per request id: nothing was sent twice.
    expect(fal.calls('download')).toHaveLength(submits.length);
    expect(fal.calls('unknown')).toHaveLength(0);
  }, 120_000); // three chained shots made and finished in a child process: as long as the CLI may take
});

describe('a fal worker killed right after its submit', () => {
  it('is resumed from the stored request_id by a restarted worker: one POST, one clip', async () => {
    fal.reset();
    fal.states = ['IN_QUEUE'];
    const prefix = newPrefix('fal-restart');
    const env = falEnv(prefix);
    const first = spawnEntry('src/cli/make.ts', ['one short shot of rain on a window, 4 seconds'], { ...env, VIDEO_POLL_INTERVAL_MS: '3000' });
    cleanups.push(async () => void (await first.stop('SIGKILL')));

    await fal.waitFor('submit', 1, 30_000);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const renderQueue = new Queue(renderQueueName('fal'), { connection, prefix });
    cleanups.push(async () => {
      await renderQueue.close();
      await connection.quit();
    });
    const job = await waitUntil(async () => {
      const delayed = (await renderQueue.getDelayed())[0];
      return delayed && RenderJobData.parse(delayed.data).shots.every((shot) => shot.operation !== null) ? delayed : null;
    }, `the render job to wait for its next poll\n${first.output()}`);
    expect(await first.stop('SIGKILL')).toBe(137);

    const stored = RenderJobData.parse(job.data);
    const submitted = fal.calls('submit').length;
    expect(stored.shots.map((shot) => shot.operation?.operationId)).toEqual(fal.calls('submit').map((call) => call.id));
    fal.states = ['COMPLETED'];

    // Second life: same Redis prefix and data dir, fresh provider instances.
    const logger = createLogger({ level: 'silent', secrets: [] });
    const reverie: Reverie = await createReverie(parseConfig(env), logger);
    cleanups.push(() => reverie.stop());
    const port = createRecordingPort();
    const delivery: RunningWorker = startTestDelivery(reverie, port, stored.request.where.conversationId);
    cleanups.push(() => delivery.close());
    reverie.startWorkers();

    const outcome = await port.outcome(stored.request.id);
    expect(outcome.kind).toBe('clip');
    if (outcome.kind === 'clip') expect(outcome.post.clip).toMatchObject({ providerId: 'fal', modelId: 'fal:kling-3-std' });
    // The render job has completed (nothing of it runs any more) before we count.
    expect(await waitForJobSettled(renderQueue, job.id ?? '')).toBe('completed');
    expect(fal.calls('submit')).toHaveLength(submitted);
    expect(port.clips).toHaveLength(1);
    expect(await renderQueue.getJobCounts('completed', 'failed', 'active', 'delayed', 'wait')).toEqual({ completed: 1, failed: 0, active: 0, delayed: 0, wait: 0 });
  });
});
