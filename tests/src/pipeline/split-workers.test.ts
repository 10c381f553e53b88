import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { NO_OPTIONS } from '../../../src/domain/creation-request.ts';
import { createPlanProcessor } from '../../../src/pipeline/plan-step.ts';
import { createRenderProcessor } from '../../../src/pipeline/render-step.ts';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import { PLAN_QUEUE, renderQueueName } from '../../../src/queue/queue-names.ts';
import { startWorker, type RunningWorker } from '../../../src/queue/start-worker.ts';
import { makeStill, samplePlan } from '../../fixtures/make-media.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { createRecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { waitUntil } from '../../helpers/wait-until.ts';

/**
 * Two ROLE=worker machines: the plan step runs on one, the render on the other, each with its own
 * DATA_DIR. What one fetched or downloaded is out of the other's reach, so it is fetched again:
 * the avatar from the media store, a finished shot from the provider.
 */

const running: RunningWorker[] = [];
const harnesses: TestReverie[] = [];

afterEach(async () => {
  for (const worker of running.splice(0)) await worker.close();
  for (const harness of harnesses.splice(0)) await harness.cleanup();
});

it('renders on a second worker machine with the avatar the first one planned with', async () => {
  const seen: Buffer[] = [];
  const provider = createFakeProvider({ onStart: async (input) => void seen.push(await readFile(input.avatar?.path ?? '')) });
  const overrides = { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() };
  const planner = await startTestReverie({}, overrides);
  harnesses.push(planner);
  const renderer = await startTestReverie({ QUEUE_PREFIX: planner.prefix }, overrides);
  harnesses.push(renderer);
  const common = (harness: TestReverie) => ({ redisUrl: harness.reverie.context.redisUrl, prefix: planner.prefix, logger: harness.reverie.context.logger });

  const png = await makeStill(join(planner.dataDir, 'me.png'), 32, 32);
  await planner.reverie.context.mediaStore.put('picture-split', png);
  const request = makeRequest({
    sentence: 'a 3 second short with my avatar',
    avatar: { kind: 'stored', location: 'picture-split', mimeType: null, source: 'avatar' },
    options: { ...NO_OPTIONS, useAvatar: true },
  });
  const planWorker = startWorker(PLAN_QUEUE, createPlanProcessor(planner.reverie.context, planner.reverie.queues), common(planner));
  running.push(planWorker);
  await submitRequest(planner.reverie.context, planner.reverie.queues, request);
  const renderQueue = planner.reverie.queues.get(renderQueueName(provider.id));
  const render = await waitUntil(() => renderQueue.getJob(`${request.id}-render`).then((job) => job ?? null), 'the render job');
  expect(render.data.avatar.path.startsWith(planner.reverie.context.workRoot)).toBe(true);
  // The first machine's disk is out of reach from here on.
  await planWorker.close();
  await rm(planner.reverie.context.workRoot, { recursive: true, force: true });

  const port = createRecordingPort();
  running.push(startTestDelivery(renderer.reverie, port, 'session1'));
  running.push(startWorker(renderQueueName(provider.id), createRenderProcessor(renderer.reverie.context, renderer.reverie.queues), common(renderer)));
  expect((await port.outcome(request.id)).kind).toBe('clip');
  expect(seen).toEqual([await readFile(png)]);
  expect(provider.starts[0]?.avatar?.path.startsWith(renderer.reverie.context.workRoot)).toBe(true);
});

it('finishes on a second worker machine a render whose first shot another worker downloaded', async () => {
  let secondShotDone = false;
  const downloads: string[] = [];
  const provider = createFakeProvider({ status: (handle) => (handle.operationId === 'op-2' && !secondShotDone ? { state: 'running', percent: 50 } : { state: 'done' }) });
  const download = provider.download.bind(provider);
  provider.download = async (handle, destination) => {
    downloads.push(handle.operationId);
    await download(handle, destination);
  };
  const fake = createFakeMedia();
  // ffmpeg would refuse a shot that is not on this machine; so does this fake.
  const media = { ...fake, assemble: async (input: Parameters<typeof fake.assemble>[0]) => (await Promise.all(input.shotPaths.map((path) => access(path))), fake.assemble(input)) };
  const plan = samplePlan({ shots: [{ seconds: 3 }, { seconds: 3 }] });
  const overrides = { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media, planner: { id: 'fixed', plan: async () => ({ plan, planner: 'fixed', notes: [] }) } };
  const first = await startTestReverie({}, overrides);
  harnesses.push(first);
  const second = await startTestReverie({ QUEUE_PREFIX: first.prefix }, overrides);
  harnesses.push(second);
  const common = (harness: TestReverie) => ({ redisUrl: harness.reverie.context.redisUrl, prefix: first.prefix, logger: harness.reverie.context.logger });

  const request = makeRequest({ sentence: 'a 6 second short' });
  const planWorker = startWorker(PLAN_QUEUE, createPlanProcessor(first.reverie.context, first.reverie.queues), common(first));
  const firstRender = startWorker(renderQueueName(provider.id), createRenderProcessor(first.reverie.context, first.reverie.queues), common(first));
  running.push(planWorker, firstRender);
  await submitRequest(first.reverie.context, first.reverie.queues, request);
  const renderQueue = first.reverie.queues.get(renderQueueName(provider.id));
  await waitUntil(async () => {
    const job = await renderQueue.getJob(`${request.id}-render`);
    return job?.data.shots[0]?.file && (await job.getState()) === 'delayed' ? job : null;
  }, 'the first shot downloaded while the second still runs');
  await firstRender.close();
  await planWorker.close();
  await rm(first.reverie.context.workRoot, { recursive: true, force: true });

  const port = createRecordingPort();
  running.push(startTestDelivery(second.reverie, port, 'session1'));
  running.push(startWorker(renderQueueName(provider.id), createRenderProcessor(second.reverie.context, second.reverie.queues), common(second)));
  secondShotDone = true;
  expect((await port.outcome(request.id)).kind).toBe('clip');
  expect(downloads.sort()).toEqual(['op-1', 'op-1', 'op-2']);
  expect(provider.starts).toHaveLength(2);
});
