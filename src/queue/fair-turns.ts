import type { Job, Queue, RedisClient } from 'bullmq';

/**
 * Fair turns: round-robin across the users of a community and across communities, so one user's
 * ten requests do not hold up the next person's first.
 *
 * Why priorities and not a dispatcher: BullMQ's open-source edition has no groups, and the two
 * ways around that are (a) per-user waiting lists plus a dispatcher that feeds the queue as slots
 * free up, or (b) a BullMQ priority per job, computed when the job is added. (a) is exact but is a
 * second source of order with its own crash windows (a job popped from a list but not yet queued)
 * and a loop to keep alive; (b) keeps BullMQ the single source of order, so crash safety, job-id
 * dedupe, retries and the place in line all stay BullMQ's. We take (b).
 *
 * The priority is the job's turn: its place in a round-robin of its community's users, counted
 * from the jobs of this queue still outstanding (waiting, delayed or running). A user's r-th
 * outstanding job comes after their own r-1 and after every other member's first r (those came
 * first in round r):
 *   turn = r + Σ over the other members v of min(outstanding(v), r)
 * Communities are compared turn for turn (equal priorities are served first come, first served),
 * which makes the round-robin across communities: server Y's first request (turn 1) goes before
 * the second of a server X that already has many. Turns are fixed when the job is added, so a
 * job can be one turn late against perfect round-robin (it cannot see turns already served), and
 * an old late turn waits behind newcomers' earlier ones: bounded, since MAX_ACTIVE_PER_USER caps
 * what any user has outstanding.
 *
 * Who owns which outstanding job is kept in one hash per queue, written by the same Lua script
 * that computes the turn (two adds at once see each other). Entries are pruned lazily: a job that
 * finished, or that never got added because its producer died in between (after a grace period;
 * one just registered counts at once), stops counting. A crash therefore loses no job and leaves
 * no count behind, and re-adding the same job id (a retried step) is BullMQ's usual no-op.
 */

export interface TurnKeys {
  /** The requester, e.g. `discord-123`. */
  user: string;
  /** The community whose members take turns, e.g. a Discord server. */
  community: string;
}

/** BullMQ's largest priority (2^21 - 1): a turn beyond it shares the last place. */
const MAX_PRIORITY = 2_097_151;

/** How long an entry may wait for its job to appear before it is taken for a producer's crash, ms. */
const ADD_GRACE_MS = 60_000;

// Reads job hashes by name, as BullMQ's own scripts do (one Redis, no cluster slots to respect).
const TAKE_TURN = `
local index, jobPrefix, jobId, community, user = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now, grace, maxPriority = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local entries = redis.call('HGETALL', index)
local mine, others = 0, {}
for i = 1, #entries, 2 do
  local id = entries[i]
  if id ~= jobId then
    local entry = cjson.decode(entries[i + 1])
    local jobKey = jobPrefix .. id
    local exists = redis.call('EXISTS', jobKey) == 1
    if (exists and redis.call('HEXISTS', jobKey, 'finishedOn') == 1) or (not exists and entry.t < now - grace) then
      redis.call('HDEL', index, id)
    elseif entry.c == community then
      if entry.u == user then mine = mine + 1 else others[entry.u] = (others[entry.u] or 0) + 1 end
    end
  end
end
local rank = mine + 1
local turn = rank
for _, count in pairs(others) do turn = turn + math.min(count, rank) end
redis.call('HSET', index, jobId, cjson.encode({ c = community, u = user, t = now }))
return math.min(turn, maxPriority)
`;

/** The hash of a queue's outstanding jobs and their owners; ':' keeps it apart from job keys (ids carry none). */
function indexKeyOf(queue: Queue): string {
  return queue.toKey('fair:owners');
}

const TAKE_TURN_COMMAND = 'reverieTakeTurn';
const defined = new WeakSet<RedisClient>();

/** Registers the job under its owners and returns its turn, the BullMQ priority it is added with. */
export async function takeTurn(queue: Queue, jobId: string, keys: TurnKeys, nowMs: number): Promise<number> {
  const client = await queue.getBackend().client;
  if (!defined.has(client)) {
    client.defineCommand(TAKE_TURN_COMMAND, { numberOfKeys: 1, lua: TAKE_TURN });
    defined.add(client);
  }
  const turn: unknown = await client.runCommand(TAKE_TURN_COMMAND, [indexKeyOf(queue), queue.toKey(''), jobId, keys.community, keys.user, nowMs, ADD_GRACE_MS, MAX_PRIORITY]);
  return Number(turn);
}

/**
 * Adds a job in its fair turn. Every job of a fair queue must come through here: BullMQ serves
 * jobs without a priority before all prioritized ones.
 */
export async function addInTurn(queue: Queue, name: string, data: unknown, options: { jobId: string; keys: TurnKeys; nowMs: number }): Promise<Job> {
  const priority = await takeTurn(queue, options.jobId, options.keys, options.nowMs);
  return queue.add(name, data, { jobId: options.jobId, priority });
}
