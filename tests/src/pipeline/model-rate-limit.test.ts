import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Histogram } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import { startFakeFal, type FakeFal } from '../../fakes/fake-fal.ts';
import { makeClip } from '../../fixtures/make-media.ts';
import { createFakeMedia } from '../../helpers/fake-ports.ts';
import { createTestDatabaseUrl } from '../../helpers/test-database.ts';
import { createRecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/**
 * MODEL_RATE_LIMIT across workers: two Reverie worker sets on one Redis and one PostgreSQL render six one-shot
 * requests through the real fal provider against the fake fal, and fal never sees more than two
 * creates of the model in any second, although the workers could send all six at once. Over the
 * limit a create waits: every request still ends as a clip.
 */

const REQUESTS = 6;
const MAX = 2;
const WINDOW_MS = 1_000;
// Between the limiter letting a create through and the fake receiving it lie a ledger write and
// an HTTP request; two creates may arrive this much closer together than they were let through.
const ARRIVAL_SLACK_MS = 200;

let dir = '';
let fal: FakeFal;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-rate-'));
  fal = await startFakeFal({ videoPath: await makeClip(join(dir, 'fal.mp4'), { width: 180, height: 320, seconds: 1 }) });
});

afterAll(async () => {
  await fal.close();
  await rm(dir, { recursive: true, force: true });
});

/** The fal creates one Reverie's workers sent, from its own metrics registry. */
async function createsSentBy(harness: TestReverie): Promise<number> {
  const histogram = harness.reverie.metrics.registry.getSingleMetric('reverie_provider_call_duration_seconds');
  if (!(histogram instanceof Histogram)) throw new Error('no provider call histogram');
  return (await histogram.get()).values
    .filter((value) => value.metricName?.endsWith('_count') && value.labels.call === 'start' && value.labels.outcome === 'ok')
    .reduce((sum, value) => sum + value.value, 0);
}

it('keeps one model under MODEL_RATE_LIMIT across two workers, and the creates over it wait instead of failing', async () => {
  // One record for both, as on two worker hosts (the clip one makes, the other's delivery finds).
  const database = await createTestDatabaseUrl();
  const env = {
    DATABASE_URL: database.url,
    FAL_KEY: 'test-fal-key',
    FAL_BASE_URL: fal.url,
    VIDEO_MODEL: 'fal:kling-3-std',
    MODEL_RATE_LIMIT: `fal:kling-3-std=${MAX}/${WINDOW_MS}ms`,
    VIDEO_POLL_INTERVAL_MS: '100',
    WORKER_CONCURRENCY: String(REQUESTS),
    MAX_ACTIVE_PER_USER: String(REQUESTS),
    VOICE: 'off',
  };
  const harnesses: TestReverie[] = [];
  const workers: RunningWorker[] = [];
  try {
    const first = await startTestReverie(env, { media: createFakeMedia() });
    harnesses.push(first);
    harnesses.push(await startTestReverie({ ...env, QUEUE_PREFIX: first.prefix }, { media: createFakeMedia() }));
    for (const harness of harnesses) harness.reverie.startWorkers();
    const port = createRecordingPort();
    workers.push(startTestDelivery(first.reverie, port, 'session1'));

    const requests = Array.from({ length: REQUESTS }, (_, index) => makeRequest({ sentence: `a 4 second short about paper lantern number ${index + 1}`, referencedText: null }));
    for (const request of requests) await submitRequest(first.reverie.context, first.reverie.queues, request);
    const outcomes = await Promise.all(requests.map((request) => port.outcome(request.id)));

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(requests.map(() => 'clip'));
    const creates = fal.calls('submit').map((request) => request.at);
    expect(creates).toHaveLength(REQUESTS);
    // Any MAX + 1 creates in a row span at least one window.
    for (let index = MAX; index < creates.length; index += 1) {
      expect((creates[index] ?? 0) - (creates[index - MAX] ?? 0), `creates at ${creates.join(', ')}`).toBeGreaterThan(WINDOW_MS - ARRIVAL_SLACK_MS);
    }
    // Both workers sent creates: the limit held across them, not within one.
    const createdBy = await Promise.all(harnesses.map(createsSentBy));
    expect(createdBy.reduce((sum, count) => sum + count, 0)).toBe(REQUESTS);
    expect(
      createdBy.every((count) => count > 0),
      `creates per worker: ${createdBy.join(', ')}`,
    ).toBe(true);
  } finally {
    for (const worker of workers) await worker.close();
    for (const harness of harnesses) await harness.cleanup();
    await database.drop();
  }
}, 60_000);
