import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ProviderError } from '../../../src/domain/errors.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { maskSecrets } from '../../../src/log/mask-secrets.ts';
import { createMetrics } from '../../../src/metrics/prom-metrics.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { samplePlan } from '../../fixtures/make-media.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';
import { waitUntil } from '../../helpers/wait-until.ts';
import { observeProvider } from '../../../src/pipeline/observe-provider.ts';
import type { OperationHandle } from '../../../src/domain/operation-handle.ts';
import type { ShotInput, VideoProvider } from '../../../src/ports/video-provider.ts';
import type { QueueSet } from '../../../src/queue/queue-set.ts';

const noQueues: QueueSet = {
  get: () => {
    throw new Error('no queue in this test');
  },
  close: async () => undefined,
};

let redis: Redis;
let prefix = '';

beforeEach(() => {
  redis = new Redis(REDIS_URL);
  prefix = `test-metrics-${randomBytes(4).toString('hex')}`;
});

afterEach(async () => {
  await redis.quit();
  await deletePrefix(REDIS_URL, prefix);
});

it('times provider calls and counts their failures by error kind, a refused operation included', async () => {
  const metrics = createMetrics({ queues: noQueues, queueNames: () => [], redis, prefix, mask: maskSecrets([]), logger: createLogger({ level: 'silent', secrets: [] }) });
  const handle: OperationHandle = { provider: 'flaky', operationId: 'op-1', data: {} };
  const provider: VideoProvider & { label: string } = {
    id: 'flaky',
    modelId: 'flaky-1',
    pollIntervalMs: 10,
    label: 'own field',
    async start() {
      throw new ProviderError('rate-limited', '429 from the model');
    },
    async status() {
      return { state: 'refused', reason: 'safety' };
    },
    async download() {},
  };
  const observed = observeProvider(provider, metrics.observer);
  // The provider's own fields stay reachable through the wrapper.
  expect((observed as typeof provider).label).toBe('own field');
  expect(observed.id).toBe('flaky');
  await expect(observed.start({ plan: samplePlan() } as ShotInput)).rejects.toThrow(ProviderError);
  expect(await observed.status(handle)).toEqual({ state: 'refused', reason: 'safety' });
  await observed.download(handle, '/dev/null');
  metrics.observer.clipDelivered(0.42);
  metrics.observer.clipDelivered(null);

  const text = await metrics.registry.metrics();
  expect(text).toMatch(/^reverie_provider_errors_total\{provider="flaky",kind="rate-limited"\} 1$/m);
  expect(text).toMatch(/^reverie_provider_errors_total\{provider="flaky",kind="refused"\} 1$/m);
  expect(text).toMatch(/^reverie_provider_call_duration_seconds_count\{provider="flaky",call="start",outcome="error"\} 1$/m);
  expect(text).toMatch(/^reverie_provider_call_duration_seconds_count\{provider="flaky",call="download",outcome="ok"\} 1$/m);
  expect(text).toMatch(/^reverie_delivered_cost_dollars_total 0\.42$/m);
  expect(text).toMatch(/^reverie_clips_delivered_total 2$/m);
  // Its own registry: nothing lands in prom-client's global one.
  expect(text).not.toMatch(/process_cpu/);
  // Both failures are kept for the owner's page, with the model each call was for.
  const kept = await waitUntil(async () => {
    const entries = await metrics.recentErrors.list();
    return entries.length === 2 ? entries : null;
  }, 'the kept errors');
  expect(kept.map((entry) => [entry.model, entry.kind])).toEqual([
    ['flaky-1', 'refused'],
    ['flaky-1', 'rate-limited'],
  ]);
});
