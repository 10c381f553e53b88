import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreationRequest } from '../../src/domain/creation-request.ts';
import type { ReverieOverrides } from '../../src/app/create-reverie.ts';
import type { ClipPost } from '../../src/ports/chat-port.ts';
import { submitRequest } from '../../src/pipeline/submit-request.ts';
import type { RunningWorker } from '../../src/queue/start-worker.ts';
import { geminiAnswer, type FakeGoogle } from '../fakes/fake-google.ts';
import { createRecordingPort, type RecordingPort } from './recording-port.ts';
import { makeRequest } from './requests.ts';
import { startTestReverie, type TestReverie } from './test-reverie.ts';
import { startTestDelivery } from './test-delivery.ts';

/** Shared set-up for the model tests: LLM-shaped plans and a real pipeline pointed at the fakes. */

/** What an LLM answers: a plan object, deliberately with a sloppy total (the planner recomputes it). */
export function llmPlan(language: 'en' | 'zh-Hans', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const zh = language === 'zh-Hans';
  return {
    version: 1,
    language,
    title: zh ? '雨夜的想念' : 'Missing you on a rainy night',
    feeling: zh ? '安静的想念' : 'quiet longing',
    mood: 'melancholy',
    aspectRatio: '9:16',
    totalSeconds: 7,
    style: 'dreamy',
    protagonist: { useAvatar: false, description: 'a figure in a yellow raincoat' },
    shots: [
      {
        seconds: 4,
        action: 'Rain streaks down a window; a figure in a yellow raincoat looks out',
        camera: 'slow push-in, eye level',
        lighting: 'cool blue streetlight through rain',
        sound: { ambience: 'rain on glass, distant traffic', effects: ['a kettle clicks off'], music: null },
        spoken: { speaker: 'voice-over', line: zh ? '我想你了。' : 'I miss you.' },
        onScreenText: '',
      },
      {
        seconds: 4,
        action: 'The figure draws a heart in the fogged glass',
        camera: 'static close-up',
        lighting: 'warm lamp from behind',
        sound: { ambience: 'rain on glass', effects: [], music: 'soft lo-fi piano' },
        spoken: null,
        onScreenText: '',
      },
    ],
    script: 'the model must not be trusted with this',
    negativePrompt: 'text, watermark',
    requestedModel: null,
    ...overrides,
  };
}

/** A one-shot 4 s plan: one create per request keeps the counting in pipeline tests plain. */
export function oneShotPlan(language: 'en' | 'zh-Hans' = 'en'): Record<string, unknown> {
  const plan = llmPlan(language);
  return { ...plan, shots: [(plan.shots as unknown[])[0]] };
}

/** Env for a Reverie whose planner (Gemini) and video model (Omni) are the fake. */
export function fakeGoogleEnv(google: FakeGoogle, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GEMINI_API_KEY: 'test-gemini-key',
    GEMINI_BASE_URL: google.url,
    VERTEX_BASE_URL: google.url,
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    PLANNER: 'gemini',
    VIDEO_PROVIDER: 'omni',
    VIDEO_POLL_INTERVAL_MS: '100',
    VIDEO_CREATE_TIMEOUT_MS: '5000',
    VIDEO_STATUS_TIMEOUT_MS: '5000',
    VIDEO_DOWNLOAD_TIMEOUT_MS: '10000',
    PLANNER_TIMEOUT_MS: '5000',
    WORKER_CONCURRENCY: '1',
    ...extra,
  };
}

export interface ModelPipeline {
  harness: TestReverie;
  port: RecordingPort;
  /** Submits a console request and resolves with its clip or failure. */
  make(overrides?: Partial<CreationRequest>): Promise<{ request: CreationRequest; outcome: Awaited<ReturnType<RecordingPort['outcome']>> }>;
  stop(): Promise<void>;
}

const CONVERSATION = 'models-session';

/**
 * A real Reverie (real Redis, real ffmpeg, real SDKs) with its workers started and an in-test
 * chat port receiving deliveries. The fake answers the planner with `plan` unless scripted.
 */
export async function startModelPipeline(
  google: FakeGoogle,
  env: Record<string, string> = {},
  overrides: ReverieOverrides = {},
  options: { plan?: Record<string, unknown> | null } = {},
): Promise<ModelPipeline> {
  if (options.plan !== null) google.script('generateContent', geminiAnswer(JSON.stringify(options.plan ?? oneShotPlan())));
  const harness = await startTestReverie(fakeGoogleEnv(google, env), overrides);
  const recording = createRecordingPort();
  // Delivery removes the work dir once posted: keep a copy of each clip for the test to probe.
  const keptDir = join(harness.dataDir, 'kept');
  await mkdir(keptDir, { recursive: true });
  const postClip = recording.postClip.bind(recording);
  const port: RecordingPort = Object.assign(recording, {
    postClip: async (post: ClipPost) => {
      const kept = join(keptDir, `${post.clip.id}.mp4`);
      await copyFile(post.filePath, kept);
      return postClip({ ...post, filePath: kept });
    },
  });
  const { context } = harness.reverie;
  const delivery: RunningWorker = startTestDelivery(harness.reverie, port, CONVERSATION);
  harness.reverie.startWorkers();
  return {
    harness,
    port,
    async make(requestOverrides = {}) {
      const request = makeRequest({
        sentence: 'make a short about missing my sister on a rainy night',
        referencedText: null,
        where: { platform: 'console', conversationId: CONVERSATION, threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null },
        ...requestOverrides,
      });
      const submitted = await submitRequest(context, harness.reverie.queues, request);
      if (submitted.status !== 'accepted') throw new Error(`request not accepted: ${submitted.status}`);
      return { request, outcome: await port.outcome(request.id) };
    },
    async stop() {
      await delivery.close();
      await harness.cleanup();
    },
  };
}
