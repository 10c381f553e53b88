import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeFal, type FakeFal } from '../fakes/fake-fal.ts';
import { makeClip } from '../fixtures/make-media.ts';
import { startOwnRedis, type OwnRedis } from '../helpers/own-redis.ts';
import { runCli } from '../helpers/run-cli.ts';
import { spawnMain } from '../helpers/spawn-main.ts';
import { createTestDatabaseUrl } from '../helpers/test-database.ts';
import { waitUntil } from '../helpers/wait-until.ts';
import { falProcessEnv } from '../helpers/fal-process-env.ts';

/**
 * Issue #14's Redis drill: Redis (AOF, fsync always) is killed in the middle of 20 requests and
 * started again on the same port and dir. The worker and the terminal adapter, real processes,
 * reconnect by themselves; every request is delivered once and every shot created once at fal.
 */

const REQUESTS = 20;
const PREFIX = 'reverie-drill';
let dir = '';
let redis: OwnRedis;
let fal: FakeFal;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-drill-redis-'));
  redis = await startOwnRedis();
  fal = await startFakeFal({ videoPath: await makeClip(join(dir, 'fal.mp4'), { width: 240, height: 240, seconds: 3 }) });
});

afterAll(async () => {
  await fal.close();
  await redis.close();
  await rm(dir, { recursive: true, force: true });
});

/** How many of the terminal's requests have their plan job in Redis: all of them means every intake is done. */
async function plansQueued(url: string): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const keys: string[] = [];
    for await (const batch of client.scanStream({ match: `${PREFIX}:plan:console-*`, count: 500 }) as AsyncIterable<string[]>) keys.push(...batch);
    return keys.filter((key) => /-\d+$/.test(key)).length;
  } finally {
    client.disconnect();
  }
}

it('delivers all 20 requests exactly once when Redis is killed and restarted midway', async () => {
  const database = await createTestDatabaseUrl();
  const env = {
    REDIS_URL: redis.url,
    QUEUE_PREFIX: PREFIX,
    DATABASE_URL: database.url,
    ...falProcessEnv(fal),
    WORKER_CONCURRENCY: '2',
    MAX_ACTIVE_PER_USER: String(REQUESTS),
  };
  const worker = spawnMain({ ...env, ROLE: 'worker', DATA_DIR: join(dir, 'worker') });
  try {
    const lines = Array.from({ length: REQUESTS }, (_, index) => `a 3 second square short about paper lantern number ${index + 1}\n`).join('');
    const adapterRun = runCli('src/main.ts', [], { env: { ...env, ROLE: 'adapter', DATA_DIR: join(dir, 'adapter') }, stdin: lines, timeoutMs: 400_000 });
    // Midway: every request accepted, a few shots created, most still to come.
    await waitUntil(async () => ((await plansQueued(redis.url)) === REQUESTS ? true : null), 'all 20 requests queued', 60_000);
    await waitUntil(async () => (fal.submitted.size >= 3 ? true : null), 'three shots created at fal', 60_000);
    await redis.kill();
    const createdBeforeOutage = fal.submitted.size;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await redis.restart();

    // A hang shows what the worker was doing, not only the terminal's side.
    const adapter = await adapterRun.catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker:\n${worker.output()}`);
    });
    const output = `${adapter.stdout}\n${adapter.stderr}\n${worker.output()}`;
    expect(adapter.code, output).toBe(0);
    expect(createdBeforeOutage).toBeLessThan(REQUESTS);
    const saved = [...adapter.stdout.matchAll(/Saved (.+\.mp4)/g)].map((match) => match[1]);
    expect(saved, output).toHaveLength(REQUESTS);
    expect(new Set(saved).size).toBe(REQUESTS);
    expect(adapter.stdout).not.toContain('✖');
    // The outage went to the log only: nothing printed by ioredis or BullMQ for want of a listener.
    expect(`${adapter.stderr}\n${worker.output()}`).not.toMatch(/Unhandled error event|^Error: /m);
    // One create per shot (one shot per request), each run to completion: nothing paid twice.
    expect(fal.submitted.size, output).toBe(REQUESTS);
    expect([...fal.submitted.values()].every((record) => record.completed)).toBe(true);
  } finally {
    expect(await worker.stop()).toBe(0);
    await database.drop();
  }
}, 480_000);
