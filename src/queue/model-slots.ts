import type { Redis } from 'ioredis';

/**
 * How many generations of one model run at once, counted across every worker process on one Redis
 * (MODEL_CONCURRENCY).
 *
 * Why not BullMQ's `queue.setGlobalConcurrency`: it bounds *active* jobs, and a render job is active
 * only while it creates or polls; between polls it waits as a delayed job while the provider keeps
 * generating. The provider's limit is on operations running there, so the count is of shots from
 * their create call until their clip is downloaded, failed or abandoned.
 *
 * One sorted set per model: member = one shot of one round, score = when its slot lapses (the
 * request's generation deadline), so a worker that dies holding slots frees them by that deadline
 * at the latest. One key per script: safe on Redis Cluster.
 */

const TAKE_SLOT = `
local key, member = KEYS[1], ARGV[1]
local now, limit, lapsesAt = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZSCORE', key, member) or redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, lapsesAt, member)
  return 1
end
return 0
`;

export interface SlotClaim {
  /** The model's `/models` key. */
  model: string;
  /** One shot of one round, e.g. `req-1:0:2`: taking it again is a no-op. */
  member: string;
}

function slotsKey(prefix: string, model: string): string {
  return `${prefix}:slots:${model}`;
}

/** Takes a slot of the model (or keeps the one this member has): false when `limit` are taken. */
export async function takeModelSlot(redis: Redis, prefix: string, claim: SlotClaim, options: { limit: number; lapsesAt: number; now: number }): Promise<boolean> {
  // EVAL: Redis caches the script by its hash, and the one key routes it on a cluster.
  const taken: unknown = await redis.eval(TAKE_SLOT, 1, slotsKey(prefix, claim.model), claim.member, options.now, options.limit, options.lapsesAt);
  return Number(taken) === 1;
}

/** Frees slots (a clip downloaded, a shot failed, refused or abandoned); freeing one not held is a no-op. */
export async function releaseModelSlots(redis: Redis, prefix: string, claims: readonly SlotClaim[]): Promise<void> {
  for (const claim of claims) await redis.zrem(slotsKey(prefix, claim.model), claim.member);
}

/** How many slots of the model are held now (for /metrics and tests). */
export async function modelSlotsHeld(redis: Redis, prefix: string, model: string, now: number): Promise<number> {
  return redis.zcount(slotsKey(prefix, model), `(${now}`, '+inf');
}
