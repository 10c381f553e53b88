import type { Redis } from 'ioredis';

/**
 * Counts a user's requests between acceptance and delivery, for the per-user cap. A sorted set
 * scored by start time: entries older than the stale window are dropped, so a request lost to a
 * crash cannot lock a user out forever.
 */
const STALE_MS = 2 * 3600 * 1000;

export interface ActiveRequests {
  /** Adds the request unless the user is at the cap; returns the count including it, or null if refused. */
  tryAcquire(userKey: string, requestId: string, max: number, nowMs: number): Promise<number | null>;
  release(userKey: string, requestId: string): Promise<void>;
  count(userKey: string, nowMs: number): Promise<number>;
}

// Atomic check-and-add: two clicks at once must not both slip under the cap.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return redis.call('ZCARD', KEYS[1]) end
local count = redis.call('ZCARD', KEYS[1])
if count >= tonumber(ARGV[2]) then return -1 end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return count + 1
`;

export function createActiveRequests(redis: Redis, prefix: string): ActiveRequests {
  const key = (userKey: string) => `${prefix}:active:${userKey}`;
  return {
    async tryAcquire(userKey, requestId, max, nowMs) {
      const result = Number(await redis.eval(ACQUIRE, 1, key(userKey), requestId, max, nowMs - STALE_MS, nowMs, STALE_MS));
      return result < 0 ? null : result;
    },
    async release(userKey, requestId) {
      await redis.zrem(key(userKey), requestId);
    },
    async count(userKey, nowMs) {
      await redis.zremrangebyscore(key(userKey), '-inf', nowMs - STALE_MS);
      return redis.zcard(key(userKey));
    },
  };
}
