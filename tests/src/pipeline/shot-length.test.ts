import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Planner } from '../../../src/ports/planner.ts';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import { makeClip, makeWorkDir, samplePlan } from '../../fixtures/make-media.ts';
import { createFakeProvider } from '../../helpers/fake-ports.ts';
import { createRecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { ffprobe } from '../../helpers/run-cli.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/**
 * The asked length, kept: whatever length the provider returns, each shot is trimmed (or held on
 * its last frame) to its planned seconds, so the delivered clip lasts the plan's total ± 0.5 s.
 * Real ffmpeg; the provider is a fake whose downloads are made-up clips of a given length.
 */

let work: { path: string; remove: () => Promise<void> };
let harness: TestReverie | null = null;
let delivery: RunningWorker | null = null;

beforeAll(async () => {
  work = await makeWorkDir();
});

afterAll(async () => {
  await work.remove();
});

afterEach(async () => {
  await delivery?.close();
  await harness?.cleanup();
  harness = null;
  delivery = null;
});

async function deliveredSeconds(providerSeconds: number): Promise<number> {
  const source = await makeClip(join(work.path, `provider-${providerSeconds}.mp4`), { width: 144, height: 256, seconds: providerSeconds });
  // "make a 10 second short": two shots of 5 s.
  const plan = samplePlan({ script: '新年快乐。万事如意。', shots: [{ seconds: 5 }, { seconds: 5, camera: 'static close-up' }] });
  const planner: Planner = { id: 'fixed', plan: async () => ({ plan, planner: 'fixed', notes: [] }) };
  const provider = createFakeProvider();
  provider.download = async (_handle, destination) => copyFile(source, destination);
  harness = await startTestReverie({}, { planner, providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id });
  const port = createRecordingPort();
  // The posted file is deleted once posted: probe it while it is being posted.
  let probed = -1;
  const postClip = port.postClip;
  port.postClip = async (post) => {
    probed = (await ffprobe(post.filePath)).durationSeconds;
    return postClip(post);
  };
  delivery = startTestDelivery(harness.reverie, port, 'session1');
  harness.reverie.startWorkers();

  const request = makeRequest({ sentence: 'make a 10 second short of this text', referencedText: { source: 'reply', text: '新年快乐。万事如意。' } });
  await submitRequest(harness.reverie.context, harness.reverie.queues, request);
  const outcome = await port.outcome(request.id);
  if (outcome.kind !== 'clip') throw new Error(`expected a clip, got ${outcome.kind}`);
  expect(Math.abs(outcome.post.clip.durationSeconds - probed)).toBeLessThan(0.2);
  return probed;
}

describe('the asked length, kept', () => {
  it('trims shots the provider made longer than planned to the plan’s total', async () => {
    // Provider clips of 10 s each for 2 × 5 s: untrimmed this came to 19.7 s.
    const seconds = await deliveredSeconds(10);
    expect(Math.abs(seconds - 10)).toBeLessThanOrEqual(0.5);
  }, 60_000);

  it('holds shots shorter than planned on their last frame to the plan’s total', async () => {
    const seconds = await deliveredSeconds(2);
    expect(Math.abs(seconds - 10)).toBeLessThanOrEqual(0.5);
  }, 60_000);
});
