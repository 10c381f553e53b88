import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { takeCreateTurn } from '../../../src/queue/model-rate.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';

let prefix = '';
let redis: Redis;
const MODEL = 'fal:kling-3-std';

beforeEach(() => {
  prefix = `{test-rate-${randomBytes(4).toString('hex')}}`;
  redis = new Redis(REDIS_URL);
});

afterEach(async () => {
  await redis.quit();
  await deletePrefix(REDIS_URL, prefix);
});

const take = (now: number, model = MODEL) => takeCreateTurn(redis, prefix, model, { max: 2, windowMs: 10_000, now });

it('lets max creates into any window and says how long the next one waits for the oldest to leave it', async () => {
  expect(await take(1_000)).toBe(0);
  expect(await take(4_000)).toBe(0);
  expect(await take(4_000)).toBe(7_000);
  // Another model counts apart.
  expect(await take(4_000, 'fal:pika-2.2')).toBe(0);
  // A sliding window: at 11 000 the create of 1 000 has left it, the one of 4 000 has not.
  expect(await take(10_999)).toBe(1);
  expect(await take(11_000)).toBe(0);
  expect(await take(12_000)).toBe(2_000);
  expect(await take(14_000)).toBe(0);
});

it('lets exactly max through when many workers race for the same model in one millisecond', async () => {
  const others = Array.from({ length: 4 }, () => new Redis(REDIS_URL));
  try {
    const waits = await Promise.all(Array.from({ length: 20 }, (_, index) => takeCreateTurn(others[index % others.length] ?? redis, prefix, MODEL, { max: 3, windowMs: 60_000, now: 5_000 })));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(3);
    expect(waits.filter((wait) => wait === 60_000)).toHaveLength(17);
  } finally {
    await Promise.all(others.map((other) => other.quit()));
  }
});
