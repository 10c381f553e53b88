import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { modelSlotsHeld, releaseModelSlots, takeModelSlot } from '../../../src/queue/model-slots.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';

// A hash-tag prefix, as on Redis Cluster: the slots live under it like every other key.
let prefix = '';
let redis: Redis;
const MODEL = 'fal:kling-3-std';

beforeEach(() => {
  prefix = `{test-slots-${randomBytes(4).toString('hex')}}`;
  redis = new Redis(REDIS_URL);
});

afterEach(async () => {
  await redis.quit();
  await deletePrefix(REDIS_URL, prefix);
});

const take = (member: string, now: number, lapsesAt = now + 60_000) => takeModelSlot(redis, prefix, { model: MODEL, member }, { limit: 2, lapsesAt, now });

it('gives a model at most its limit of slots, keeps a holder its own, and frees one when released', async () => {
  expect(await take('a:0:0', 1_000)).toBe(true);
  expect(await take('b:0:0', 1_000)).toBe(true);
  expect(await take('c:0:0', 1_000)).toBe(false);
  // A step run again (a poll, a retried job) already holds its slot.
  expect(await take('a:0:0', 1_000)).toBe(true);
  expect(await modelSlotsHeld(redis, prefix, MODEL, 1_000)).toBe(2);
  // Another model counts apart.
  expect(await takeModelSlot(redis, prefix, { model: 'fal:pika-2.2', member: 'c:0:0' }, { limit: 2, lapsesAt: 61_000, now: 1_000 })).toBe(true);
  await releaseModelSlots(redis, prefix, [{ model: MODEL, member: 'a:0:0' }]);
  expect(await take('c:0:0', 1_000)).toBe(true);
  expect(await take('d:0:0', 1_000)).toBe(false);
  expect(await redis.keys(`${prefix}:*`)).toEqual(expect.arrayContaining([`${prefix}:slots:${MODEL}`]));
});

it('frees the slots of a holder that never released them once they lapse (a worker that died mid-generation)', async () => {
  expect(await take('dead:0:0', 1_000, 5_000)).toBe(true);
  expect(await take('dead:0:1', 1_000, 5_000)).toBe(true);
  expect(await take('next:0:0', 4_999)).toBe(false);
  expect(await take('next:0:0', 5_000)).toBe(true);
  expect(await modelSlotsHeld(redis, prefix, MODEL, 5_000)).toBe(1);
});

it('lets exactly the limit through when many workers race for the same model', async () => {
  const others = Array.from({ length: 4 }, () => new Redis(REDIS_URL));
  try {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => takeModelSlot(others[index % others.length] ?? redis, prefix, { model: MODEL, member: `r${index}:0:0` }, { limit: 2, lapsesAt: 61_000, now: 1_000 })),
    );
    expect(results.filter(Boolean)).toHaveLength(2);
  } finally {
    await Promise.all(others.map((other) => other.quit()));
  }
});
