import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { startFakeFal, type FakeFal } from '../../fakes/fake-fal.ts';
import { makeClip } from '../../fixtures/make-media.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { spawnMain, type RunningEntry } from '../../helpers/spawn-main.ts';
import { createTestDatabaseUrl } from '../../helpers/test-database.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';

/**
 * Issue #14's scale-out drill with real processes: two ROLE=worker processes and one ROLE=adapter
 * process on one Redis (a hash-tag prefix, as on Redis Cluster) and one PostgreSQL schema deliver
 * 20 requests, and the fake fal never sees more than MODEL_CONCURRENCY generations of the model
 * running at once, although the workers could run four render steps together.
 */

const REQUESTS = 20;
let dir = '';
let fal: FakeFal;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-scale-out-'));
  fal = await startFakeFal({ videoPath: await makeClip(join(dir, 'fal.mp4'), { width: 720, height: 1280, seconds: 4 }) });
});

afterAll(async () => {
  await fal.close();
  await rm(dir, { recursive: true, force: true });
});

it('delivers 20 requests through two workers and one adapter with the model never over its concurrency limit', async () => {
  const prefix = `{test-scale-${randomBytes(4).toString('hex')}}`;
  const database = await createTestDatabaseUrl();
  const env = {
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    PLANNER: 'offline',
    FAL_KEY: 'test-fal-key',
    FAL_BASE_URL: fal.url,
    VIDEO_MODEL: 'fal:kling-3-std',
    MODEL_CONCURRENCY: 'fal:kling-3-std=2',
    VIDEO_POLL_INTERVAL_MS: '200',
    WORKER_CONCURRENCY: '2',
    MAX_ACTIVE_PER_USER: String(REQUESTS),
  };
  const workers: RunningEntry[] = ['a', 'b'].map((name) => spawnMain({ ...env, ROLE: 'worker', DATA_DIR: join(dir, `worker-${name}`) }));
  try {
    const lines = Array.from({ length: REQUESTS }, (_, index) => `a 4 second short about paper lantern number ${index + 1}\n`).join('');
    const adapter = await runCli('src/main.ts', [], { env: { ...env, ROLE: 'adapter', DATA_DIR: join(dir, 'adapter') }, stdin: lines, timeoutMs: 400_000 });
    const output = `${adapter.stdout}\n${adapter.stderr}\n${workers.map((worker) => worker.output()).join('\n')}`;
    expect(adapter.code, output).toBe(0);
    const saved = [...adapter.stdout.matchAll(/Saved (.+\.mp4)/g)].map((match) => match[1]);
    expect(saved, output).toHaveLength(REQUESTS);
    expect(new Set(saved).size).toBe(REQUESTS);
    // Every shot created once, and never more than two running at fal at a time.
    const shots = fal.submitted.size;
    expect(shots).toBeGreaterThanOrEqual(REQUESTS);
    expect([...fal.submitted.values()].every((record) => record.completed)).toBe(true);
    expect(fal.maxRunning).toBeLessThanOrEqual(2);
    expect(fal.maxRunning).toBe(2);
  } finally {
    for (const worker of workers) expect(await worker.stop()).toBe(0);
    await deletePrefix(REDIS_URL, prefix);
    await database.drop();
  }
}, 480_000);
