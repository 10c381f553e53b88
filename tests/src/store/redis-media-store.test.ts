import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaTooLargeError } from '../../../src/ports/media-store.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { createRedisMediaStore, MEDIA_KEEP_SECONDS } from '../../../src/store/redis-media-store.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';

/** Files handed between roles through Redis: whole, with a TTL, capped, gone when deleted. */

const prefix = `test-media-${randomBytes(4).toString('hex')}`;
let redis: Redis;
let dir = '';

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  dir = await mkdtemp(join(tmpdir(), 'reverie-media-store-'));
});

afterAll(async () => {
  redis.disconnect();
  await deletePrefix(REDIS_URL, prefix);
  await rm(dir, { recursive: true, force: true });
});

describe('Redis media store', () => {
  it('gives back the same bytes, in chunks smaller than the file, under the prefix with a TTL', async () => {
    const store = createRedisMediaStore(redis, prefix, { maxBytes: 1024 * 1024, chunkBytes: 1000 });
    const bytes = randomBytes(10_500);
    await writeFile(join(dir, 'in.bin'), bytes);
    await store.put('clip-a', join(dir, 'in.bin'));
    expect(await store.get('clip-a', join(dir, 'out.bin'))).toBe(true);
    expect(await readFile(join(dir, 'out.bin'))).toEqual(bytes);
    expect(await redis.keys(`${prefix}:media:*`)).toEqual([`${prefix}:media:clip-a`]);
    const ttl = await redis.ttl(`${prefix}:media:clip-a`);
    expect(ttl).toBeGreaterThan(MEDIA_KEEP_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(MEDIA_KEEP_SECONDS);
  });

  it('keeps an empty file as an empty file, and answers false for a key it does not hold', async () => {
    const store = createRedisMediaStore(redis, prefix, { maxBytes: 1024 });
    await writeFile(join(dir, 'empty.bin'), '');
    await store.put('empty', join(dir, 'empty.bin'));
    expect(await store.get('empty', join(dir, 'empty-out.bin'))).toBe(true);
    expect((await readFile(join(dir, 'empty-out.bin'))).length).toBe(0);
    expect(await store.get('never-put', join(dir, 'nothing.bin'))).toBe(false);
    await expect(readFile(join(dir, 'nothing.bin'))).rejects.toThrow();
  });

  it('refuses a file over its cap and leaves nothing behind', async () => {
    const store = createRedisMediaStore(redis, prefix, { maxBytes: 100 });
    await writeFile(join(dir, 'big.bin'), randomBytes(101));
    await expect(store.put('big', join(dir, 'big.bin'))).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(await redis.keys(`${prefix}:media:big*`)).toEqual([]);
  });

  it('deletes, and touch says whether a key is there and keeps it longer', async () => {
    const store = createRedisMediaStore(redis, prefix, { maxBytes: 1024 });
    await writeFile(join(dir, 'small.bin'), 'picture');
    await store.put('picture-x', join(dir, 'small.bin'), { keepSeconds: 60 });
    expect(await redis.ttl(`${prefix}:media:picture-x`)).toBeLessThanOrEqual(60);
    expect(await store.touch('picture-x', 3600)).toBe(true);
    expect(await redis.ttl(`${prefix}:media:picture-x`)).toBeGreaterThan(60);
    await store.delete('picture-x', 'not-there');
    expect(await store.touch('picture-x')).toBe(false);
    expect(await store.get('picture-x', join(dir, 'gone.bin'))).toBe(false);
  });
});
