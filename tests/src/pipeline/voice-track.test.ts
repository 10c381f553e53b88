import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectSpeech } from '../../../src/app/select-speech.ts';
import { parseConfig } from '../../../src/config/load-config.ts';
import type { CreativePlan } from '../../../src/domain/creative-plan.ts';
import type { Planner } from '../../../src/ports/planner.ts';
import type { SpeechSynth } from '../../../src/ports/speech-synth.ts';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai.ts';
import { makeClip, makeSpeechLike, makeWorkDir, measureLoudness, samplePlan } from '../../fixtures/make-media.ts';
import { createFakeProvider } from '../../helpers/fake-ports.ts';
import { createRecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { ffprobe } from '../../helpers/run-cli.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/**
 * Spoken lines on a model without sound (fal's Pika 2.2 in the model table): the real pipeline,
 * real ffmpeg, OpenAI speech through the real SDK against the fake server. The provider's shots
 * are silent, so any sound in the delivered short is the voice.
 */

let work: Awaited<ReturnType<typeof makeWorkDir>>;
let fakeOpenAI: FakeOpenAI;
let silentShot: string;
let harness: TestReverie | null = null;
let delivery: RunningWorker | null = null;

beforeAll(async () => {
  work = await makeWorkDir();
  fakeOpenAI = await startFakeOpenAI({ speech: await makeSpeechLike(join(work.path, 'speech.wav'), 1.5) });
  silentShot = await makeClip(join(work.path, 'silent-shot.mp4'), { width: 144, height: 256, seconds: 3, audio: false });
});
afterAll(async () => {
  await fakeOpenAI.close();
  await work.remove();
});
afterEach(async () => {
  await delivery?.close();
  await harness?.cleanup();
  harness = null;
  delivery = null;
});

const withLines = (): CreativePlan =>
  samplePlan({
    language: 'en',
    shots: [
      { seconds: 2.5, spoken: { speaker: 'voice-over', line: 'It was the quietest winter.' } },
      { seconds: 2.5, camera: 'static close-up', spoken: { speaker: 'protagonist', line: 'I remember.' } },
    ],
  });

/** A whole request through real ffmpeg: well within a minute alone, but the suite shares 2 cores. */
const PIPELINE_TIMEOUT_MS = 150_000;

/** Runs one request through the pipeline and returns what the delivered short sounds like. */
async function deliver(plan: CreativePlan, env: Record<string, string>, speech?: SpeechSynth | null) {
  const planner: Planner = { id: 'fixed', plan: async () => ({ plan, planner: 'fixed', notes: [] }) };
  const provider = { ...createFakeProvider({ id: 'fal' }), modelId: 'fal:pika-2.2' };
  provider.download = async (_handle, destination) => copyFile(silentShot, destination);
  harness = await startTestReverie(env, { planner, providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, ...(speech !== undefined ? { speech } : {}) });
  const port = createRecordingPort();
  // The posted file is deleted once posted: measure it while it is being posted.
  let measured: { hasAudio: boolean; integratedLufs: number; truePeakDb: number } | null = null;
  const postClip = port.postClip;
  port.postClip = async (post) => {
    const hasAudio = (await ffprobe(post.filePath)).audio !== null;
    measured = { hasAudio, ...(await measureLoudness(post.filePath)) };
    return postClip(post);
  };
  delivery = startTestDelivery(harness.reverie, port, 'session1');
  harness.reverie.startWorkers();
  const request = makeRequest({ sentence: 'a short about winter' });
  await submitRequest(harness.reverie.context, harness.reverie.queues, request);
  const outcome = await port.outcome(request.id);
  expect(outcome.kind).toBe('clip');
  return measured!;
}

const speechRequests = () => fakeOpenAI.requests.filter((request) => request.path === '/v1/audio/speech');
const openAIVoice = { VOICE: 'openai', OPENAI_API_KEY: 'sk-test' };

describe('a voice for models without sound', () => {
  it(
    'speaks each line (OpenAI speech) and delivers the short at −14 ± 1 LUFS, true peak ≤ −1 dBTP',
    async () => {
      const before = speechRequests().length;
      const sound = await deliver(withLines(), { ...openAIVoice, OPENAI_BASE_URL: fakeOpenAI.url });
      expect(
        speechRequests()
          .slice(before)
          .map((request) => [request.body.input, request.body.voice]),
      ).toEqual([
        ['It was the quietest winter.', 'sage'],
        ['I remember.', 'coral'],
      ]);
      expect(sound.hasAudio).toBe(true);
      expect(Math.abs(sound.integratedLufs - -14)).toBeLessThanOrEqual(1);
      expect(sound.truePeakDb).toBeLessThanOrEqual(-1);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'adds no voice to a plan without lines',
    async () => {
      const before = speechRequests().length;
      const plan = samplePlan({ language: 'en', shots: [{ seconds: 2.5, spoken: null }] });
      const sound = await deliver(plan, { ...openAIVoice, OPENAI_BASE_URL: fakeOpenAI.url });
      expect(speechRequests().length).toBe(before);
      // Silent shots and no voice: nothing was raised to the target.
      expect(sound.integratedLufs).toBeLessThan(-60);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'without a key and without espeak-ng delivers the short with subtitles only, no crash',
    async () => {
      const speech = await selectSpeech(parseConfig({ VOICE: 'auto' }), { espeakCommand: join(work.path, 'no-espeak-ng') });
      expect(speech).toBeNull();
      const sound = await deliver(withLines(), {}, speech);
      expect(sound.integratedLufs).toBeLessThan(-60);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'keeps the clip when the speech server fails: the lines stay subtitles',
    async () => {
      const bare = await startFakeOpenAI();
      try {
        const sound = await deliver(withLines(), { ...openAIVoice, OPENAI_BASE_URL: bare.url });
        expect(bare.requests.filter((request) => request.path === '/v1/audio/speech')).toHaveLength(2);
        expect(sound.integratedLufs).toBeLessThan(-60);
        expect(harness?.logs.join('')).toContain('voice-line-failed');
      } finally {
        await bare.close();
      }
    },
    PIPELINE_TIMEOUT_MS,
  );
});
