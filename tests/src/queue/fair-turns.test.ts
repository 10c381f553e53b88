import { randomBytes } from 'node:crypto';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addInTurn, takeTurn, type TurnKeys } from '../../../src/queue/fair-turns.ts';
import { createQueueSet, getQueuePosition, type QueueSet } from '../../../src/queue/queue-set.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';
import { waitUntil } from '../../helpers/wait-until.ts';

/** Turns computed in Redis: the order they give, and what stops counting (finished jobs, crashed adds). */

let prefix = '';
let connection: Redis;
let queues: QueueSet;
let worker: Worker | null = null;
let workerConnection: Redis | null = null;
const NOW = 1_800_000_000_000;

beforeEach(() => {
  prefix = `test-fair-${randomBytes(4).toString('hex')}`;
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = createQueueSet(connection, prefix);
});

afterEach(async () => {
  await worker?.close();
  await workerConnection?.quit();
  worker = null;
  workerConnection = null;
  await queues.close();
  await connection.quit();
  await deletePrefix(REDIS_URL, prefix);
});

const keysOf = (user: string, community: string): TurnKeys => ({ user, community });

/** Adds jobs `<owner>-<n>` and returns the ids in the order workers will take them (by place in line). */
async function addAll(adds: [string, TurnKeys][]): Promise<string[]> {
  const queue = queues.get('render-fake');
  for (const [jobId, keys] of adds) await addInTurn(queue, 'render', { jobId }, { jobId, keys, nowMs: NOW });
  const places = await Promise.all(adds.map(async ([jobId]) => [jobId, await getQueuePosition(queue, jobId)] as const));
  return places.sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0)).map(([jobId]) => jobId);
}

describe('fair turns', () => {
  it('puts a second user’s first request before the third of a user who asked six times', async () => {
    const a = keysOf('console-a', 'server-x');
    const b = keysOf('console-b', 'server-x');
    const order = await addAll([...[1, 2, 3, 4, 5, 6].map((n): [string, TurnKeys] => [`a-${n}`, a]), ['b-1', b]]);
    expect(order).toEqual(['a-1', 'a-2', 'b-1', 'a-3', 'a-4', 'a-5', 'a-6']);
  });

  it('takes turns across servers before the users within one', async () => {
    const u = keysOf('discord-u', 'server-x');
    const w = keysOf('discord-w', 'server-x');
    const v = keysOf('discord-v', 'server-y');
    const order = await addAll([
      ['u-1', u],
      ['u-2', u],
      ['u-3', u],
      ['w-1', w],
      ['v-1', v],
      ['v-2', v],
    ]);
    // Server X's turns: u-1 1, u-2 2, w-1 2 (a late joiner's first is one turn late), u-3 3; server
    // Y's: v-1 1, v-2 2. Turn for turn, first come first: Y's first goes right after X's first.
    expect(order).toEqual(['u-1', 'v-1', 'u-2', 'w-1', 'v-2', 'u-3']);
  });

  it('stops counting finished jobs', async () => {
    const a = keysOf('console-a', 'server-x');
    const queue = queues.get('render-fake');
    for (const n of [1, 2, 3]) await addInTurn(queue, 'render', {}, { jobId: `a-${n}`, keys: a, nowMs: NOW });
    workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    worker = new Worker('render-fake', async () => undefined, { connection: workerConnection, prefix });
    await waitUntil(async () => ((await queue.getJobCounts('completed')).completed === 3 ? true : null), 'the three jobs to complete');
    // Nothing of A's is outstanding any more: its next request is a first turn again.
    expect(await takeTurn(queue, 'a-4', a, NOW)).toBe(1);
    expect(Object.keys(await connection.hgetall(queue.toKey('fair:owners')))).toEqual(['a-4']);
  });

  it('forgets a turn whose job was never added (its producer died), after the grace period only', async () => {
    const a = keysOf('console-a', 'server-x');
    const queue = queues.get('render-fake');
    await takeTurn(queue, 'lost', a, NOW);
    // Just registered, it counts: another add of the same moment may still be on its way.
    expect(await takeTurn(queue, 'a-2', a, NOW + 1_000)).toBe(2);
    expect(await takeTurn(queue, 'a-3', a, NOW + 120_000)).toBe(1);
  });

  it('gives a re-added job id the same turn and one job', async () => {
    const a = keysOf('console-a', 'server-x');
    const queue = queues.get('render-fake');
    await addInTurn(queue, 'render', {}, { jobId: 'a-1', keys: a, nowMs: NOW });
    await addInTurn(queue, 'render', {}, { jobId: 'a-2', keys: a, nowMs: NOW });
    const again = await addInTurn(queue, 'render', {}, { jobId: 'a-2', keys: a, nowMs: NOW });
    expect(again.opts.priority).toBe(2);
    expect((await queue.getJobCounts('prioritized')).prioritized).toBe(2);
  });
});
