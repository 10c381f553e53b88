import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { cjkFontFile, resolveMediaTools } from '../../../src/media/media-tools.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { makeStill } from '../../fixtures/make-media.ts';
import { ffprobe, runCli } from '../../helpers/run-cli.ts';
import { spawnMain } from '../../helpers/spawn-main.ts';
import { createTestDatabaseUrl } from '../../helpers/test-database.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';

const REPO = new URL('../../../', import.meta.url).pathname;

it('scales out: ROLE=worker renders what a ROLE=adapter process accepted, through one Redis', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-roles-'));
  const env = { REDIS_URL, QUEUE_PREFIX: `test-roles-${randomBytes(4).toString('hex')}`, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const worker = spawnMain({ ...env, ROLE: 'worker' });
  try {
    const adapter = await runCli('src/main.ts', [], { env: { ...env, ROLE: 'adapter' }, stdin: 'a 3 second short about a paper lantern\n', timeoutMs: 90_000 });
    expect(adapter.code, adapter.stderr).toBe(0);
    const saved = /Saved (.+\.mp4)/.exec(adapter.stdout)?.[1];
    expect(saved, adapter.stdout).toBeTruthy();
    expect((await ffprobe(saved ?? '')).video?.codec).toBe('h264');
  } finally {
    expect(await worker.stop()).toBe(0);
    await deletePrefix(REDIS_URL, env.QUEUE_PREFIX);
    await rm(dataDir, { recursive: true, force: true });
  }
}, 120_000);

/**
 * Node's permission model stands in for a second machine: the process reads only the code, its
 * own DATA_DIR and (for the worker) the fonts ffmpeg draws with, and writes only its DATA_DIR.
 */
function ownFilesOnly(dataDir: string, extraReads: string[] = []): string {
  return ['--permission', ...[REPO, dataDir, ...extraReads].map((path) => `--allow-fs-read=${path}`), `--allow-fs-write=${dataDir}`, '--allow-child-process', '--allow-worker', '--no-warnings'].join(
    ' ',
  );
}

it('splits across machines: ROLE=worker and ROLE=adapter with separate DATA_DIRs and one PostgreSQL record (DATABASE_URL) deliver a clip made from an avatar only the adapter can read', async () => {
  const workerDir = await mkdtemp(join(tmpdir(), 'reverie-worker-'));
  const adapterDir = await mkdtemp(join(tmpdir(), 'reverie-adapter-'));
  const prefix = `test-split-${randomBytes(4).toString('hex')}`;
  const avatarPath = await makeStill(join(adapterDir, 'me.png'), 256, 256);
  // Machines that share no disk share the record through PostgreSQL, as the README says.
  const database = await createTestDatabaseUrl();
  const env = { REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', DATABASE_URL: database.url };
  const fontsDir = resolveMediaTools({}).fontsDir;
  const worker = spawnMain({ ...env, ROLE: 'worker', DATA_DIR: workerDir, NODE_OPTIONS: ownFilesOnly(workerDir, [fontsDir, cjkFontFile({ fontsDir })]) });
  try {
    const adapter = await runCli('src/main.ts', [], {
      env: { ...env, ROLE: 'adapter', DATA_DIR: adapterDir, NODE_OPTIONS: ownFilesOnly(adapterDir) },
      stdin: `/avatar ${avatarPath}\na 3 second short about a paper lantern with my avatar\n`,
      timeoutMs: 90_000,
    });
    expect(adapter.code, adapter.stderr).toBe(0);
    const saved = /Saved (.+\.mp4)/.exec(adapter.stdout)?.[1];
    expect(saved, `${adapter.stdout}\n${worker.output()}`).toBeTruthy();
    expect(saved?.startsWith(join(adapterDir, 'out'))).toBe(true);
    expect((await ffprobe(saved ?? '')).video?.codec).toBe('h264');
    // The worker got the picture itself, not a "could not read your picture" backdrop.
    expect(adapter.stdout).not.toMatch(/could not read your picture|no profile picture/);
    // Nothing is left behind: no working files on either side; in Redis only the avatar, kept (with
    // a TTL) as long as the clip can be regenerated, not the clip or its thumbnail.
    expect(await readdir(join(adapterDir, 'work')).catch(() => [])).toEqual([]);
    expect(await readdir(join(workerDir, 'work')).catch(() => [])).toEqual([]);
    const redis = new Redis(REDIS_URL);
    try {
      const kept = await redis.keys(`${prefix}:media:*`);
      expect(kept).toEqual([expect.stringMatching(/:media:picture-[0-9a-f]{64}$/)]);
      expect(await redis.ttl(kept[0] ?? '')).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  } finally {
    expect(await worker.stop()).toBe(0);
    await deletePrefix(REDIS_URL, prefix);
    await rm(workerDir, { recursive: true, force: true });
    await rm(adapterDir, { recursive: true, force: true });
    await database.drop();
  }
}, 120_000);
