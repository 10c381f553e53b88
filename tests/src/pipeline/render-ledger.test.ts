import { afterEach, describe, expect, it } from 'vitest';
import { createReverie, type Reverie } from '../../../src/app/create-reverie.ts';
import type { CreationRequest } from '../../../src/domain/creation-request.ts';
import { ProviderError } from '../../../src/domain/errors.ts';
import { createLogger } from '../../../src/log/logger.ts';
import type { CommunityRecords, Ledger } from '../../../src/ports/community-records.ts';
import type { Planner } from '../../../src/ports/planner.ts';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import { deliveryQueueName, renderQueueName } from '../../../src/queue/queue-names.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import { samplePlan } from '../../fixtures/make-media.ts';
import { createFakeProvider, type FakeProvider } from '../../helpers/fake-ports.ts';
import { fixedPipelineOverrides, startFixedPipeline, type FixedPipeline } from '../../helpers/fixed-pipeline.ts';
import { finalLedger } from '../../helpers/ledger-probe.ts';
import { createRecordingPort, type RecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { createTestRecords } from '../../helpers/test-records.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/**
 * The cost ledger through a real pipeline (real Redis, fake provider priced as Omni 1.1 Flash at
 * $0.10/s): a line reserved before each create, settled on delivery, released when nothing was
 * made, held when a create's outcome is unknown, and exactly one settled charge per shot when a
 * worker stops between reserve and create or between create and settle.
 */

const USER = { platform: 'console' as const, userId: 'user-1' };
const ONE_SHOT = samplePlan({ title: 'original', shots: [{ seconds: 4 }] });
/** What one 4 s shot costs at Omni's table price. */
const SHOT_CHARGE = { seconds: 4, usd: 0.4 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The original plan, and a safer one for the rewrite after a refusal. */
const planner: Planner = {
  id: 'fixed',
  plan: async (input) => ({ plan: input.previousPlan ? { ...ONE_SHOT, title: 'safer' } : ONE_SHOT, planner: 'fixed', notes: [] }),
};

function omniFake(options: Parameters<typeof createFakeProvider>[0] = {}): FakeProvider {
  return createFakeProvider({ id: 'omni', modelId: 'gemini-omni-1.1-flash', ...options });
}

/** A Reverie with its workers and a delivery worker; `records` defaults to a fresh record. */
async function start(provider: FakeProvider, records?: CommunityRecords): Promise<FixedPipeline> {
  const pipeline = await startFixedPipeline({ planner, providers: [provider], ...(records ? { records } : {}) });
  cleanups.push(() => pipeline.close());
  return pipeline;
}

/** The same record with some ledger calls replaced (the record's own methods live on its prototype). */
function withLedger(records: CommunityRecords, change: Partial<Ledger>): CommunityRecords {
  const base = records.ledger;
  const ledger: Ledger = {
    reserve: (line, atMs) => base.reserve(line, atMs),
    settle: (creationId, costs, atMs) => base.settle(creationId, costs, atMs),
    release: (creationId, atMs, options) => base.release(creationId, atMs, options),
    hold: (key, atMs) => base.hold(key, atMs),
    spentBy: (user, sinceMs, communityId) => base.spentBy(user, sinceMs, communityId),
    spentIn: (community, sinceMs) => base.spentIn(community, sinceMs),
    topSpenders: (community, sinceMs, limit) => base.topSpenders(community, sinceMs, limit),
    ...change,
  };
  return { creations: records.creations, settings: records.settings, ledger, forget: (user) => records.forget(user) };
}

/** A second life on the same Redis prefix and the same record, as after a restart. */
async function restart(harness: TestReverie, provider: FakeProvider, records: CommunityRecords, ledger?: Ledger): Promise<{ reverie: Reverie; port: RecordingPort }> {
  const reverie = await createReverie(harness.reverie.config, createLogger({ level: 'silent', secrets: [] }), fixedPipelineOverrides(planner, [provider], records));
  reverie.context.fallbackPlanner = planner;
  const port = createRecordingPort();
  const delivery: RunningWorker = startTestDelivery(reverie, port, 'session1', ledger ? { ledger } : {});
  cleanups.push(
    () => reverie.stop(),
    () => delivery.close(),
  );
  reverie.startWorkers();
  return { reverie, port };
}

/**
 * The port hears of a clip before the delivery worker settles its charges, and of a failure before
 * the render step releases them: the ledger is read once both jobs are over.
 */
async function finished(reverie: Reverie, request: CreationRequest, kind: 'clip' | 'failure'): Promise<void> {
  const deliveries = reverie.queues.get(deliveryQueueName(request.where));
  await expect.poll(() => deliveries.getJobState(`${request.id}-${kind}`), { timeout: 15_000 }).toBe('completed');
  if (kind === 'failure') await expect.poll(() => reverie.queues.get(renderQueueName('omni')).getJobState(`${request.id}-render`), { timeout: 15_000 }).toBe('failed');
}

/** A moment in the pipeline the test waits for, instead of waiting for time. */
function signal(): { promise: Promise<void>; fire(): void } {
  let fire = () => undefined as void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

describe('the ledger of a render', () => {
  it('reserves each shot before its create and settles it, at its actual cost, once delivered', async () => {
    let reservedBeforeCreate = false;
    const records = await createTestRecords();
    const provider = omniFake({
      onStart: async () => {
        reservedBeforeCreate = (await records.ledger.spentBy(USER, 0)).usd === SHOT_CHARGE.usd;
      },
    });
    const { harness, port } = await start(provider, records);
    const request = makeRequest();
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect((await port.outcome(request.id)).kind).toBe('clip');
    await finished(harness.reverie, request, 'clip');
    expect(reservedBeforeCreate).toBe(true);
    expect(await finalLedger(records, request.id, USER)).toEqual({ reserved: 0, held: 0, settled: SHOT_CHARGE });
  });

  it("releases a refused round's line and reserves and settles the rewrite's own", async () => {
    const provider = omniFake({
      onStart: (input) => {
        if (input.plan.title === 'original') throw new ProviderError('refused', 'recognisable person');
      },
    });
    const { harness, port, records } = await start(provider);
    const request = makeRequest();
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect((await port.outcome(request.id)).kind).toBe('clip');
    await finished(harness.reverie, request, 'clip');
    expect(provider.starts.map((input) => input.plan.title)).toEqual(['original', 'safer']);
    // Two lines were reserved (one per round); only the rewrite's is charged.
    expect(await finalLedger(records, request.id, USER)).toEqual({ reserved: 0, held: 0, settled: SHOT_CHARGE });
  });

  it('releases the line of a failed generation, and a retried create gets a line of its own', async () => {
    const provider = omniFake({ status: (_handle, call) => (call === 1 ? { state: 'failed', reason: 'GPU lost', retryable: true } : { state: 'done' }) });
    const { harness, port, records } = await start(provider);
    const request = makeRequest();
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect((await port.outcome(request.id)).kind).toBe('clip');
    await finished(harness.reverie, request, 'clip');
    expect(provider.starts).toHaveLength(2);
    expect(await finalLedger(records, request.id, USER)).toEqual({ reserved: 0, held: 0, settled: SHOT_CHARGE });
  }, 20_000);

  it('charges nothing for a request that failed', async () => {
    const provider = omniFake({ status: () => ({ state: 'failed', reason: 'bad prompt', retryable: false }) });
    const { harness, port, records } = await start(provider);
    const request = makeRequest();
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect((await port.outcome(request.id)).kind).toBe('failure');
    await finished(harness.reverie, request, 'failure');
    expect(await finalLedger(records, request.id, USER)).toEqual({ reserved: 0, held: 0, settled: { seconds: 0, usd: 0 } });
  });

  it('holds the line of a create whose outcome is unknown, and it keeps counting', async () => {
    const provider = omniFake({
      onStart: () => {
        throw new ProviderError('outcome-unknown', 'socket closed after the request was sent');
      },
    });
    const { harness, port, records } = await start(provider);
    const request = makeRequest();
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    const outcome = await port.outcome(request.id);
    expect(outcome.kind === 'failure' && outcome.post.code).toBe('outcome-unknown');
    await finished(harness.reverie, request, 'failure');
    expect(await records.ledger.spentBy(USER, 0)).toEqual(SHOT_CHARGE);
    expect(await finalLedger(records, request.id, USER)).toMatchObject({ reserved: 0, held: 1 });
  });
});

describe('a worker stopped mid-render', () => {
  it('between reserve and create: the restarted worker creates once and one charge is settled', async () => {
    const records = await createTestRecords();
    const reserved = signal();
    let stopped = false;
    // The first life stops right after its reservation is written: the step ends there (as a
    // killed worker's would) and the job waits for its next attempt, which a second life takes.
    const stopsAfterReserve = withLedger(records, {
      reserve: async (line, atMs) => {
        const inserted = await records.ledger.reserve(line, atMs);
        if (stopped) return inserted;
        stopped = true;
        reserved.fire();
        throw new Error('worker killed after the reservation');
      },
    });
    const provider = omniFake();
    const first = await start(provider, stopsAfterReserve);
    const request = makeRequest();
    await submitRequest(first.harness.reverie.context, first.harness.reverie.queues, request);
    await reserved.promise;
    await first.stop();
    expect(provider.starts).toHaveLength(0);

    const second = await restart(first.harness, provider, records);
    expect((await second.port.outcome(request.id)).kind).toBe('clip');
    await finished(second.reverie, request, 'clip');
    expect(provider.starts).toHaveLength(1);
    expect(await finalLedger(records, request.id, USER)).toEqual({ reserved: 0, held: 0, settled: SHOT_CHARGE });
  }, 30_000);

  it('between create and delivery: the restarted worker resumes the operation, no second create, one charge', async () => {
    let rendered = false;
    const created = signal();
    const provider = omniFake({ onStart: () => created.fire(), status: () => (rendered ? { state: 'done' } : { state: 'running', percent: 10 }) });
    const first = await start(provider);
    const request = makeRequest();
    await submitRequest(first.harness.reverie.context, first.harness.reverie.queues, request);
    await created.promise;
    await first.stop();
    rendered = true;

    const second = await restart(first.harness, provider, first.records);
    expect((await second.port.outcome(request.id)).kind).toBe('clip');
    await finished(second.reverie, request, 'clip');
    expect(provider.starts).toHaveLength(1);
    expect(await finalLedger(first.records, request.id, USER)).toEqual({ reserved: 0, held: 0, settled: SHOT_CHARGE });
  }, 30_000);

  it('between the post and the settle: the next delivery attempt settles once and posts nothing twice', async () => {
    const records = await createTestRecords();
    const provider = omniFake();
    const harness = await startTestReverie({}, fixedPipelineOverrides(planner, [provider], records));
    cleanups.push(() => harness.cleanup());
    const settleFails = withLedger(records, {
      settle: async () => {
        throw new Error('worker killed before the settle');
      },
    }).ledger;
    const port = createRecordingPort();
    const firstDelivery = startTestDelivery(harness.reverie, port, 'session1', { ledger: settleFails });
    harness.reverie.startWorkers();
    const request = makeRequest();
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect((await port.outcome(request.id)).kind).toBe('clip');
    await firstDelivery.close();
    // Posted, not settled: the charge is still reserved.
    expect(await records.ledger.spentBy(USER, 0)).toEqual(SHOT_CHARGE);

    const secondDelivery = startTestDelivery(harness.reverie, port, 'session1');
    cleanups.push(() => secondDelivery.close());
    await finished(harness.reverie, request, 'clip');
    expect(port.clips).toHaveLength(1);
    expect(provider.starts).toHaveLength(1);
    expect(await finalLedger(records, request.id, USER)).toEqual({ reserved: 0, held: 0, settled: SHOT_CHARGE });
  }, 30_000);
});
