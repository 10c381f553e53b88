import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssembleInput, Media } from '../../../src/ports/media.ts';
import type { Planner } from '../../../src/ports/planner.ts';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import { samplePlan } from '../../fixtures/make-media.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { createRecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

let harness: TestReverie | null = null;
let delivery: RunningWorker | null = null;

afterEach(async () => {
  await delivery?.close();
  await harness?.cleanup();
  harness = null;
  delivery = null;
});

describe('subtitles on a remote model', () => {
  it('start each cue where its shot starts once the shots the provider snapped are cut back to the plan', async () => {
    // Two 4 s shots planned; the provider delivers 6 s and 5 s (as Omni or Veo snap lengths).
    const plan = samplePlan({ script: '新年快乐。万事如意。', shots: [{ seconds: 4 }, { seconds: 4, camera: 'static close-up' }] });
    const planner: Planner = { id: 'fixed', plan: async () => ({ plan, planner: 'fixed', notes: [] }) };
    const realSeconds: Record<string, number> = { 'shot-0-take-0.mp4': 6, 'shot-1-take-0.mp4': 5 };
    const assembled: AssembleInput[] = [];
    const fake = createFakeMedia();
    const media: Media = {
      ...fake,
      probe: async (path) => ({ ...(await fake.probe(path)), durationSeconds: realSeconds[basename(path)] ?? 4 }),
      assemble: async (input, options) => {
        assembled.push(input);
        return fake.assemble(input, options);
      },
    };
    const provider = createFakeProvider();
    harness = await startTestReverie({}, { planner, providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media });
    const port = createRecordingPort();
    delivery = startTestDelivery(harness.reverie, port, 'session1');
    harness.reverie.startWorkers();

    const request = makeRequest({ sentence: 'a short of this text', referencedText: { source: 'reply', text: '新年快乐。万事如意。' } });
    await submitRequest(harness.reverie.context, harness.reverie.queues, request);
    expect((await port.outcome(request.id)).kind).toBe('clip');

    // The shots are cut to what was asked (4.3 s with the crossfade overlap, then 4 s), whatever the
    // provider delivered: shot 2 starts at 4.3 − 0.3 = 4 s, and the clip lasts the plan's 8 s.
    expect(assembled[0]?.shotSeconds?.[0]).toBeCloseTo(4.3, 6);
    expect(assembled[0]?.shotSeconds?.[1]).toBeCloseTo(4, 6);
    const cues = assembled[0]?.subtitles ?? [];
    expect(cues.map((cue) => cue.text)).toEqual(['新年快乐。', '万事如意。']);
    expect(cues[0]?.startSeconds).toBeCloseTo(0, 6);
    expect(cues[0]?.endSeconds).toBeCloseTo(4, 6);
    expect(cues[1]?.startSeconds).toBeCloseTo(4, 6);
    expect(cues[1]?.endSeconds).toBeCloseTo(8, 6);
  });
});
