import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * How many creates of one model start per window, counted across every worker process on one
 * Redis (MODEL_RATE_LIMIT): a sliding log, so no window of that length ever holds more than `max`
 * creates, whereas a fixed window lets 2 × max through around its edge.
 *
 * Why not BullMQ's `queue.setGlobalRateLimit`: it limits the jobs a queue starts, and a render
 * queue is per provider, not per model, and also runs the polls of shots already created. The
 * provider's limit is on create calls of one model, so those are what is counted.
 *
 * One sorted set per model: member = one create, score = when it was let through (the caller's
 * clock, as for model slots). One key per script: safe on Redis Cluster.
 */

const TAKE_TURN = `
local key, member = KEYS[1], ARGV[1]
local now, max, windowMs = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - windowMs)
if redis.call('ZCARD', key) < max then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, windowMs)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + windowMs - now)
`;

function rateKey(prefix: string, model: string): string {
  return `${prefix}:creates:${model}`;
}

/**
 * Counts one create of the model if the window has room: 0 = go ahead now, else how many ms until
 * the oldest create leaves the window (the earliest a retry can succeed).
 */
export async function takeCreateTurn(redis: Redis, prefix: string, model: string, options: { max: number; windowMs: number; now: number }): Promise<number> {
  // A unique member per create: two creates in the same millisecond must both count.
  const waitMs: unknown = await redis.eval(TAKE_TURN, 1, rateKey(prefix, model), randomUUID(), options.now, options.max, options.windowMs);
  return Number(waitMs);
}
