import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { maskSecrets } from '../../../src/log/mask-secrets.ts';
import { createRecentErrors } from '../../../src/metrics/recent-errors.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';

let prefix = '';
const connections: Redis[] = [];

beforeEach(() => {
  prefix = `test-errors-${randomBytes(4).toString('hex')}`;
});

afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.quit()));
  await deletePrefix(REDIS_URL, prefix);
});

function connect(): Redis {
  const connection = new Redis(REDIS_URL);
  connections.push(connection);
  return connection;
}

it('keeps the latest errors of every process newest first, bounded, cut short and with the writer’s secrets masked', async () => {
  let clock = 1_000;
  const now = () => clock++;
  // Two processes: one writes through its own connection, the other only reads.
  const worker = createRecentErrors({ redis: connect(), prefix, mask: maskSecrets(['fal-secret-key']), capacity: 3, now });
  const page = createRecentErrors({ redis: connect(), prefix, mask: maskSecrets([]), capacity: 3, now });
  for (const provider of ['a', 'b', 'c']) await worker.add({ provider, model: 'fal:kling-3-std', kind: 'unavailable', detail: 'down' });
  await worker.add({ provider: 'd', model: 'fal:kling-3-std', kind: 'invalid', detail: `key fal-secret-key refused ${'x'.repeat(1_000)}` });

  const listed = await page.list();
  expect(listed.map((entry) => entry.provider)).toEqual(['d', 'c', 'b']);
  expect(listed[0]).toMatchObject({ model: 'fal:kling-3-std', kind: 'invalid', atMs: 1_003 });
  expect(listed[0]?.detail.startsWith('key [secret] refused x')).toBe(true);
  expect(listed[0]?.detail.length).toBe(300);
  expect(await connect().llen(`${prefix}:provider-errors`)).toBe(3);
});
