import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RenderJobData } from '../../../src/pipeline/job-data.ts';
import { reviseClip } from '../../../src/pipeline/revise-clip.ts';
import { renderQueueName } from '../../../src/queue/queue-names.ts';
import { geminiAnswer, googleError, omniCompleted, omniCompletedWithoutVideo, omniInProgress, startFakeGoogle, type FakeGoogle } from '../../fakes/fake-google.ts';
import { ffprobe } from '../../helpers/run-cli.ts';
import { makeClip, makeStill, samplePlan } from '../../fixtures/make-media.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { llmPlan, startModelPipeline, type ModelPipeline } from '../../helpers/model-harness.ts';

/**
 * The real pipeline (Redis, BullMQ, ffmpeg, the real SDKs) against the fake Google: each outcome
 * the issue lists, end to end, counting what the "provider" saw.
 */

let dir = '';
let google: FakeGoogle;
let pipeline: ModelPipeline | null = null;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-model-pipeline-'));
  google = await startFakeGoogle({ videoPath: await makeClip(join(dir, 'omni.mp4'), { width: 720, height: 1280, seconds: 4 }) });
});

afterAll(async () => {
  await google.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await pipeline?.stop();
  pipeline = null;
  google.reset();
});

describe('real models through the pipeline', () => {
  it('plans with Gemini, renders with Omni, downloads and delivers a clip that names the model', async () => {
    google.script(
      'interactions.get',
      (request) => omniInProgress(request.id ?? ''),
      (request) => omniCompleted(request.id ?? '', google.url),
    );
    pipeline = await startModelPipeline(google);
    const { outcome } = await pipeline.make();

    expect(outcome.kind).toBe('clip');
    if (outcome.kind !== 'clip') return;
    const { clip } = outcome.post;
    expect(clip).toMatchObject({ planner: 'gemini', providerId: 'omni', modelId: 'gemini-omni-1.1-flash', lastOperation: { provider: 'omni', operationId: 'interaction-1' } });
    expect(clip.generatedSeconds).toBe(4);
    expect(outcome.post.caption).toContain('gemini-omni-1.1-flash');
    const probe = await ffprobe(outcome.post.filePath);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 720, height: 1280 });
    expect(probe.durationSeconds).toBeGreaterThan(3.5);
    expect(google.calls('interactions.create')).toHaveLength(1);
    expect(google.calls('interactions.get').length).toBeGreaterThanOrEqual(3);
  });

  it('renders with Veo on Vertex and delivers the bytes', async () => {
    pipeline = await startModelPipeline(google, { VIDEO_PROVIDER: 'veo', VERTEX_API_KEY: 'test-vertex-key' });
    const { outcome } = await pipeline.make();
    expect(outcome.kind).toBe('clip');
    if (outcome.kind !== 'clip') return;
    expect(outcome.post.clip).toMatchObject({ providerId: 'veo', modelId: 'veo-3.1-fast-generate-001' });
    expect((await ffprobe(outcome.post.filePath)).video?.codec).toBe('h264');
    expect(google.calls('veo.create')).toHaveLength(1);
    expect(google.calls('interactions.create')).toHaveLength(0);
  });

  it('backs off on 429 by rate-limiting the provider queue, then succeeds', async () => {
    google.script('interactions.create', googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted', { 'retry-after': '1' }), omniInProgress('interaction-after-429'));
    pipeline = await startModelPipeline(google);
    const { outcome } = await pipeline.make();
    expect(outcome.kind).toBe('clip');
    const creates = google.calls('interactions.create');
    expect(creates).toHaveLength(2);
    expect(pipeline.harness.logs.join('')).toContain('provider-rate-limited');
    // retry-after: 1 → the queue paused about a second before the next create.
    expect((creates[1]?.at ?? 0) - (creates[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    google.script('interactions.create', googleError(500, 'INTERNAL', 'An internal error has occurred'), omniInProgress('interaction-after-500'));
    pipeline = await startModelPipeline(google);
    const { outcome } = await pipeline.make();
    expect(outcome.kind).toBe('clip');
    if (outcome.kind === 'clip') expect(outcome.post.clip.lastOperation?.operationId).toBe('interaction-after-500');
    expect(google.calls('interactions.create')).toHaveLength(2);
  });

  it('rewrites once after a refusal, then tells the user plainly that nothing was charged', async () => {
    google.script('interactions.create', { status: 400, json: { error: { code: 'invalid_request', message: 'The request was blocked by our safety filters.' } } });
    pipeline = await startModelPipeline(google);
    const { outcome } = await pipeline.make({ requester: { userId: 'user-1', displayName: 'Ada', locale: 'zh-CN' } });

    expect(outcome.kind).toBe('failure');
    if (outcome.kind !== 'failure') return;
    expect(outcome.post.code).toBe('refused');
    expect(outcome.post.text).toContain('没有向你收取任何费用');
    // The provider's own words (English, possibly anything) stay in the log, out of the public reply.
    expect(outcome.post.text).not.toContain('safety filters');
    expect(pipeline.port.clips).toHaveLength(0);
    expect(google.calls('interactions.create')).toHaveLength(2);
    const plans = google.calls('generateContent');
    expect(plans).toHaveLength(2);
    expect(plans[1]?.rawBody).toContain('refused the previous plan for safety reasons');
  });

  it('rewrites once when the output is blocked (completed without a video) and delivers the second take', async () => {
    google.script('interactions.get', (request) => (request.id === 'interaction-1' ? omniCompletedWithoutVideo('interaction-1') : omniCompleted(request.id ?? '', google.url)));
    pipeline = await startModelPipeline(google);
    const { outcome } = await pipeline.make();
    expect(outcome.kind).toBe('clip');
    if (outcome.kind === 'clip') expect(outcome.post.clip.lastOperation?.operationId).toBe('interaction-2');
    expect(google.calls('interactions.create')).toHaveLength(2);
  });

  it('cancels the running siblings of a refused Omni shot and makes each shot of the rewrite once', async () => {
    // Three shots, all starting from the avatar (so none waits for another's last frame); the first
    // comes back blocked while the other two still run.
    const first = (llmPlan('en').shots as unknown[])[0];
    const plan = llmPlan('en', { shots: [first, first, first], totalSeconds: 12, protagonist: { useAvatar: true, description: 'a woman in a red coat' } });
    const avatar = await makeStill(join(dir, 'refused-avatar.png'), 32, 32);
    google.script('interactions.get', (request) => {
      if (request.id === 'interaction-1') return omniCompletedWithoutVideo('interaction-1');
      if (request.id === 'interaction-2' || request.id === 'interaction-3') return omniInProgress(request.id);
      return omniCompleted(request.id ?? '', google.url);
    });
    pipeline = await startModelPipeline(google, {}, {}, { plan });
    const { outcome } = await pipeline.make({ sentence: 'a short with my avatar', avatar: { kind: 'path', location: avatar, mimeType: 'image/png', source: 'avatar' } });
    expect(outcome.kind).toBe('clip');
    // At most the shots started before the refusal was known (3) plus one rewrite round (3).
    expect(google.calls('interactions.create')).toHaveLength(6);
    expect(google.calls('interactions.cancel').map((call) => call.id)).toEqual(['interaction-2', 'interaction-3']);
    if (outcome.kind === 'clip') expect(outcome.post.clip.shotOperations?.map((handle) => handle.operationId)).toEqual(['interaction-4', 'interaction-5', 'interaction-6']);
  });

  it('gives up on a generation that never finishes and says so', async () => {
    google.script('interactions.get', (request) => omniInProgress(request.id ?? ''));
    pipeline = await startModelPipeline(google, {}, { generationDeadlineMs: 1_500 });
    const { outcome } = await pipeline.make();
    expect(outcome.kind).toBe('failure');
    if (outcome.kind !== 'failure') return;
    expect(outcome.post.code).toBe('timed-out');
    expect(outcome.post.text).toContain('stopped waiting');
    expect(google.calls('interactions.create')).toHaveLength(1);
    // Abandoned, and stopped at Google so it is not finished (and billed) for nobody.
    expect(google.calls('interactions.cancel').map((call) => call.id)).toEqual(['interaction-1']);
  });

  it('uses the offline planner when the LLM answer is still invalid after one repair', async () => {
    google.script('generateContent', geminiAnswer('{"title": "oops"'), geminiAnswer('{"still": "not a plan"}'));
    pipeline = await startModelPipeline(google, {}, {}, { plan: null });
    const { outcome } = await pipeline.make({ sentence: 'a calm 5 second short about the sea' });
    expect(outcome.kind).toBe('clip');
    if (outcome.kind === 'clip') expect(outcome.post.clip.planner).toBe('offline');
    const plans = google.calls('generateContent');
    expect(plans).toHaveLength(2);
    expect(plans[1]?.rawBody).toContain('could not be used as a plan');
    expect(google.calls('interactions.create').length).toBeGreaterThanOrEqual(1);
  });

  it('revises a delivered clip by reply: Omni continues the same interaction', async () => {
    pipeline = await startModelPipeline(google);
    const first = await pipeline.make();
    expect(first.outcome.kind).toBe('clip');
    const { context } = pipeline.harness.reverie;
    const revised = await reviseClip(context, pipeline.harness.reverie.queues, first.request.id, 'make it night, slower', {
      eventId: 'reply-42',
      where: { replyToMessageId: 'message-1' },
      receivedAt: Date.now(),
    });
    expect(revised.status).toBe('accepted');
    if (revised.status !== 'accepted') return;
    const second = await pipeline.port.outcome(revised.requestId);
    expect(second.kind).toBe('clip');

    const creates = google.calls('interactions.create');
    expect(creates).toHaveLength(2);
    expect(creates[1]?.body).toMatchObject({ previous_interaction_id: 'interaction-1' });
    expect(JSON.stringify(creates[1]?.body)).toContain('make it night, slower');
    const replan = google.calls('generateContent')[1]?.rawBody ?? '';
    expect(replan).toContain('<change_request>');
    expect(replan).toContain('<previous_plan>');
    if (second.kind === 'clip') expect(second.post.clip.generation).toBe(1);
  });

  it('revises a 2-shot Omni clip by reply: each shot continues its own interaction, none is made afresh', async () => {
    pipeline = await startModelPipeline(google, {}, {}, { plan: llmPlan('en') });
    const first = await pipeline.make();
    expect(first.outcome.kind).toBe('clip');
    expect(google.calls('interactions.create')).toHaveLength(2);
    const revised = await reviseClip(pipeline.harness.reverie.context, pipeline.harness.reverie.queues, first.request.id, 'make it night', {
      eventId: 'reply-43',
      where: { replyToMessageId: 'message-1' },
      receivedAt: Date.now(),
    });
    if (revised.status !== 'accepted') throw new Error(`revision not accepted: ${revised.status}`);
    expect((await pipeline.port.outcome(revised.requestId)).kind).toBe('clip');

    const revisions = google.calls('interactions.create').slice(2);
    expect(revisions.map((create) => (create.body as { previous_interaction_id?: string }).previous_interaction_id)).toEqual(['interaction-1', 'interaction-2']);
    for (const create of revisions) expect(JSON.stringify(create.body)).toContain('make it night');
  });

  it('falls back to the next provider when the chosen one is down, not refusing', async () => {
    google.script('interactions.create', googleError(503, 'UNAVAILABLE', 'The service is currently unavailable'));
    pipeline = await startModelPipeline(google, { VERTEX_API_KEY: 'test-vertex-key', VIDEO_FALLBACKS: 'veo' });
    const { outcome } = await pipeline.make();
    expect(outcome.kind).toBe('clip');
    if (outcome.kind === 'clip') expect(outcome.post.clip).toMatchObject({ providerId: 'veo', modelId: 'veo-3.1-fast-generate-001' });
    expect(google.calls('interactions.create')).toHaveLength(3);
    expect(google.calls('veo.create')).toHaveLength(1);
  });

  it('never re-sends a create whose result was not recorded (a worker died inside the call)', async () => {
    pipeline = await startModelPipeline(google);
    const { harness, port } = pipeline;
    const request = makeRequest({ where: { platform: 'console', conversationId: 'models-session', threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null } });
    const now = Date.now();
    const render: RenderJobData = {
      request,
      plan: samplePlan({ language: 'en' }),
      planner: 'gemini',
      notes: [],
      providerId: 'omni',
      avatar: null,
      generation: 0,
      step: 'generate',
      shots: [{ index: 0, seconds: 4, attempts: 1, operation: null, draft: null, file: null, round: 0 }],
      rewrites: 0,
      previous: null,
      instruction: null,
      startedAt: now,
      deadlineAt: now + 60_000,
    };
    await harness.reverie.queues.get(renderQueueName('omni')).add('render', render, { jobId: `${request.id}-render` });
    const outcome = await port.outcome(request.id);
    expect(outcome.kind).toBe('failure');
    if (outcome.kind === 'failure') expect(outcome.post.code).toBe('outcome-unknown');
    expect(google.calls('interactions.create')).toHaveLength(0);
  });
});
