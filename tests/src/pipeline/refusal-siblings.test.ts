import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/domain/errors.ts';
import type { Planner, PlannerInput } from '../../../src/ports/planner.ts';
import type { ShotInput } from '../../../src/ports/video-provider.ts';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import { samplePlan } from '../../fixtures/make-media.ts';
import { createFakeMedia, createFakeProvider, type FakeProvider } from '../../helpers/fake-ports.ts';
import { createRecordingPort, type RecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/**
 * A refusal stops its siblings: once one shot of a plan is refused, the plan's other shots still
 * running are cancelled, no more shots of the refused plan are created, and the safer rewrite
 * creates each of its shots exactly once.
 */

let harness: TestReverie | null = null;
let delivery: RunningWorker | null = null;

afterEach(async () => {
  await delivery?.close();
  await harness?.cleanup();
  harness = null;
  delivery = null;
});

const ORIGINAL = samplePlan({ title: 'original', shots: [{ seconds: 4 }, { seconds: 4, camera: 'static' }, { seconds: 4, camera: 'pan' }] });
const SAFER = { ...ORIGINAL, title: 'safer' };

/** The original plan, then the safer one for the rewrite; `beforeRewrite` runs on each rewrite call. */
function twoPlans(beforeRewrite: (call: number) => void = () => undefined): Planner {
  let rewrites = 0;
  return {
    id: 'fixed',
    plan: async (input: PlannerInput) => {
      if (input.previousPlan === null || input.previousPlan === undefined) return { plan: ORIGINAL, planner: 'fixed', notes: [] };
      rewrites += 1;
      beforeRewrite(rewrites);
      return { plan: SAFER, planner: 'fixed', notes: [] };
    },
  };
}

async function start(provider: FakeProvider, planner: Planner): Promise<{ harness: TestReverie; port: RecordingPort }> {
  harness = await startTestReverie({}, { planner, providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() });
  // The rewrite has no other planner to fall back on: a planner blip fails the step.
  harness.reverie.context.fallbackPlanner = planner;
  const port = createRecordingPort();
  delivery = startTestDelivery(harness.reverie, port, 'session1');
  harness.reverie.startWorkers();
  return { harness, port };
}

const round = (starts: readonly ShotInput[], title: string): number[] => starts.filter((input) => input.plan.title === title).map((input) => input.shotIndex);

describe('a refusal stops its siblings', () => {
  it('cancels the running shots of a 3-shot plan whose first shot is refused, and rewrites each shot once', async () => {
    const provider: FakeProvider = createFakeProvider({
      cancellable: true,
      status: (handle) => {
        const input = provider.starts[Number(handle.operationId.slice('op-'.length)) - 1];
        if (input?.plan.title === 'safer') return { state: 'done' };
        return handle.operationId === 'op-1' ? { state: 'refused', reason: 'recognisable person' } : { state: 'running', percent: 10 };
      },
    });
    const { harness, port } = await start(provider, twoPlans());
    const request = makeRequest({ sentence: 'a 12 second short' });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect((await port.outcome(request.id)).kind).toBe('clip');

    // The three original shots were all started before the refusal was known; the rewrite makes each once.
    expect(round(provider.starts, 'original')).toEqual([0, 1, 2]);
    expect(round(provider.starts, 'safer')).toEqual([0, 1, 2]);
    expect(provider.starts).toHaveLength(6);
    expect(provider.cancels).toEqual(['op-2', 'op-3']);
  });

  it('creates no further shot of a plan refused at create, even when the rewrite step is retried', async () => {
    const provider: FakeProvider = createFakeProvider({
      cancellable: true,
      onStart: (input) => {
        if (input.plan.title === 'original' && input.shotIndex === 1) throw new ProviderError('refused', 'recognisable person');
      },
    });
    // The first rewrite fails on a planner blip (as a worker killed there would): the step runs again.
    const planner = twoPlans((call) => {
      if (call === 1) throw new ProviderError('unavailable', 'planner HTTP 503');
    });
    const { harness, port } = await start(provider, planner);
    const request = makeRequest({ sentence: 'a 12 second short' });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect((await port.outcome(request.id)).kind).toBe('clip');

    // Shot 1 was running when shot 2 was refused: it is cancelled, and shot 2 is never asked again.
    expect(round(provider.starts, 'original')).toEqual([0, 1]);
    expect(round(provider.starts, 'safer')).toEqual([0, 1, 2]);
    expect(provider.cancels).toEqual(['op-1']);
  }, 30_000);
});
