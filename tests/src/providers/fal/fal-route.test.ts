import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NO_OPTIONS } from '../../../../src/domain/creation-request.ts';
import { startFalWebhookServer, type RunningWebhookServer } from '../../../../src/webhooks/fal-webhook-server.ts';
import { createWebhookInbox, falWebhookPath, parseFalWebhookPath } from '../../../../src/store/webhook-inbox.ts';
import type { RenderJobData } from '../../../../src/pipeline/job-data.ts';
import { renderQueueName } from '../../../../src/queue/queue-names.ts';
import { makeRequest } from '../../../helpers/requests.ts';
import { falContentPolicy, falError, startFakeFal, type FakeFal } from '../../../fakes/fake-fal.ts';
import { startFakeGoogle, type FakeGoogle } from '../../../fakes/fake-google.ts';
import { makeClip, makeStill, samplePlan } from '../../../fixtures/make-media.ts';
import { ffprobe } from '../../../helpers/run-cli.ts';
import { startModelPipeline, type ModelPipeline } from '../../../helpers/model-harness.ts';
import { waitForJobSettled, waitUntil } from '../../../helpers/wait-until.ts';

/**
 * The fal route end to end: real Redis, BullMQ, ffmpeg, the real @fal-ai/client for status and
 * result, and Reverie's own single submit POST, against a fake fal on 127.0.0.1. The planner is the
 * fake Gemini (one 4 s shot, 9:16) so every count below is per shot.
 */

let dir = '';
let avatarPath = '';
let google: FakeGoogle;
let fal: FakeFal;
let pipeline: ModelPipeline | null = null;
let hooks: RunningWebhookServer | null = null;

const FAL_ENV = (extra: Record<string, string> = {}) => ({
  VIDEO_PROVIDER: 'fal',
  FAL_KEY: 'test-fal-key',
  FAL_BASE_URL: fal.url,
  FAL_JWKS_URL: fal.jwksUrl,
  VIDEO_MODEL: 'fal:kling-3-std',
  ...extra,
});

/** A port nothing listens on yet: PUBLIC_URL must be known before the pipeline's config is parsed. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-fal-route-'));
  const clip = await makeClip(join(dir, 'fal.mp4'), { width: 720, height: 1280, seconds: 4 });
  avatarPath = await makeStill(join(dir, 'avatar.png'), 64, 64);
  google = await startFakeGoogle({ videoPath: clip });
  fal = await startFakeFal({ videoPath: clip });
});

afterAll(async () => {
  await google.close();
  await fal.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await hooks?.close();
  hooks = null;
  await pipeline?.stop();
  pipeline = null;
  google.reset();
  fal.reset();
});

describe('fal: submit once, then status and result through the SDK', () => {
  it('makes a clip from words: submit → IN_QUEUE → IN_PROGRESS → COMPLETED → result → download', async () => {
    pipeline = await startModelPipeline(google, FAL_ENV());
    const { outcome } = await pipeline.make();

    expect(outcome.kind).toBe('clip');
    if (outcome.kind !== 'clip') return;
    const [submit] = fal.calls('submit');
    expect(fal.calls('submit')).toHaveLength(1);
    expect(submit?.path).toBe('/fal-ai/kling-video/v3/standard/text-to-video');
    expect(submit?.headers.authorization).toBe('Key test-fal-key');
    expect(submit?.query.get('fal_webhook')).toBeNull();
    expect(submit?.body).toMatchObject({ duration: '4', aspect_ratio: '9:16', generate_audio: true, negative_prompt: 'text, watermark' });
    expect(String((submit?.body as { prompt: string }).prompt)).toContain('Rain streaks down a window');
    // The SDK polled the owner/app path (fal drops the endpoint's sub-path) until COMPLETED.
    expect(fal.calls('status').map((call) => call.path)).toEqual(Array(3).fill('/fal-ai/kling-video/requests/fal-request-1/status'));
    expect(fal.calls('status')[0]?.headers.authorization).toBe('Key test-fal-key');
    expect(fal.calls('result')).toHaveLength(1);
    expect(fal.calls('download')).toHaveLength(1);

    const { clip } = outcome.post;
    expect(clip).toMatchObject({ providerId: 'fal', modelId: 'fal:kling-3-std', generatedSeconds: 4, lastOperation: { provider: 'fal', operationId: 'fal-request-1' } });
    // Four seconds of Kling 3.0 Standard with sound at $0.126/s.
    expect(clip.costUsd).toBeCloseTo(0.504, 6);
    expect(clip.plan.requestedModel).toBe('fal:kling-3-std');
    expect(outcome.post.caption).toContain('fal:kling-3-std');
    const probe = await ffprobe(outcome.post.filePath);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 720, height: 1280 });
  });

  it('starts from the avatar on the image endpoint when the user stars in it', async () => {
    pipeline = await startModelPipeline(google, FAL_ENV());
    const { outcome } = await pipeline.make({
      sentence: 'make a short of me on a rainy night',
      avatar: { kind: 'path', location: avatarPath, mimeType: 'image/png', source: 'avatar' },
      options: { ...NO_OPTIONS, useAvatar: true },
    });

    expect(outcome.kind).toBe('clip');
    if (outcome.kind !== 'clip') return;
    const [submit] = fal.calls('submit');
    expect(submit?.path).toBe('/fal-ai/kling-video/v3/standard/image-to-video');
    const body = submit?.body as Record<string, unknown>;
    expect(String(body.start_image_url)).toMatch(/^data:image\/png;base64,iVBOR/);
    // The picture decides the frame: no aspect ratio is sent, and the user is told why bars may show.
    expect(body.aspect_ratio).toBeUndefined();
    expect(String(body.prompt)).toContain('the person in the image');
    expect(outcome.post.notes).toContain('Kling 3.0 Standard keeps the shape of your picture, so the short may have bars around it.');
    expect(outcome.post.clip.lastOperation?.data).toMatchObject({ mode: 'image', imageAttached: true });
  });

  it('never sends the avatar to Seedance (real faces are refused): the look is described in words', async () => {
    pipeline = await startModelPipeline(google, FAL_ENV());
    const { outcome } = await pipeline.make({
      sentence: 'make a short of me on a rainy night',
      avatar: { kind: 'path', location: avatarPath, mimeType: 'image/png', source: 'avatar' },
      options: { ...NO_OPTIONS, useAvatar: true, model: 'seedance' },
    });

    expect(outcome.kind).toBe('clip');
    if (outcome.kind !== 'clip') return;
    const [submit] = fal.calls('submit');
    expect(submit?.path).toBe('/bytedance/seedance-2.0/text-to-video');
    expect(submit?.rawBody).not.toContain('data:image');
    expect(submit?.body).toMatchObject({ duration: '4', aspect_ratio: '9:16', resolution: '720p' });
    expect(outcome.post.notes).toContain('Seedance 2.0 does not accept photos of real people, so you are described in words instead.');
    expect(outcome.post.clip).toMatchObject({ modelId: 'fal:seedance-2', costUsd: 1.2136 });
  });

  it('re-sends only a submit fal refused with 429 (not accepted), after the queue backs off', async () => {
    fal.script('submit', { ...falError(429, 'Too many requests'), headers: { 'retry-after': '1' } }, (request, fake) => ({
      json: { request_id: request.id, status: 'IN_QUEUE', status_url: `${fake.url}/x`, response_url: `${fake.url}/x`, cancel_url: `${fake.url}/x` },
    }));
    pipeline = await startModelPipeline(google, FAL_ENV());
    const { outcome } = await pipeline.make();

    expect(outcome.kind).toBe('clip');
    expect(fal.calls('submit')).toHaveLength(2);
    expect(fal.calls('submit')[1]!.at - fal.calls('submit')[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it.each([
    ['a 503', falError(503, 'Service Unavailable')],
    ['a dropped connection', { destroy: true }],
  ])('never re-sends a submit whose answer was %s: one POST, and the user hears the outcome is unknown', async (_what, reply) => {
    fal.script('submit', reply);
    pipeline = await startModelPipeline(google, FAL_ENV());
    const { request, outcome } = await pipeline.make();

    expect(outcome.kind).toBe('failure');
    if (outcome.kind !== 'failure') return;
    // The code lets an adapter offer the "Try again" button (a new, explicitly requested attempt).
    expect(outcome.post.code).toBe('outcome-unknown');
    expect(outcome.post.text).toContain('Try again');
    expect(outcome.post.text).toContain('nothing is charged twice');
    // The render job has failed for good: nothing of it (no re-POST, ours or the SDK's) runs any more.
    expect(await waitForJobSettled(pipeline.harness.reverie.queues.get(renderQueueName('fal')), `${request.id}-render`)).toBe('failed');
    expect(fal.calls('submit')).toHaveLength(1);
    expect(fal.calls('status')).toHaveLength(0);
  });

  it('treats COMPLETED + 422 content_policy_violation as a refusal: one safer rewrite, then a clear message', async () => {
    fal.script('result', falContentPolicy(['model_moderated']));
    pipeline = await startModelPipeline(google, FAL_ENV());
    const { outcome } = await pipeline.make();

    expect(outcome.kind).toBe('failure');
    if (outcome.kind !== 'failure') return;
    expect(outcome.post.code).toBe('refused');
    expect(outcome.post.text).toContain('declined to make this');
    // fal's reason is for the owner's log, not the public reply.
    expect(outcome.post.text).not.toContain('model_moderated');
    expect(pipeline.harness.logs.some((line) => line.includes('model_moderated'))).toBe(true);
    // The first take and the one rewrite: two submits, two planner calls, nothing more.
    expect(fal.calls('submit')).toHaveLength(2);
    expect(google.calls('generateContent')).toHaveLength(2);
    expect(fal.calls('download')).toHaveLength(0);
  });

  it('refuses a finished video over VIDEO_DOWNLOAD_MAX_BYTES: one download, no retry, the user told', async () => {
    pipeline = await startModelPipeline(google, FAL_ENV({ VIDEO_DOWNLOAD_MAX_BYTES: '1000' }));
    const { outcome } = await pipeline.make();

    expect(outcome.kind).toBe('failure');
    // The render step took the cap as final: the same huge file is not fetched again, nor re-made.
    expect(fal.calls('submit')).toHaveLength(1);
    expect(fal.calls('download')).toHaveLength(1);
    expect(pipeline.harness.logs.join('')).toContain('larger than 1000 bytes');
  });

  it('retries an infrastructure failure only as a new, recorded attempt', async () => {
    fal.script('result', falError(500, 'Runner disconnected', 'runner_disconnected'), (request, fake) => ({
      json: { video: { url: `${fake.url}/files/${request.id}.mp4` } },
    }));
    pipeline = await startModelPipeline(google, FAL_ENV());
    const { outcome } = await pipeline.make();

    expect(outcome.kind).toBe('clip');
    if (outcome.kind !== 'clip') return;
    // fal said the request failed (not billed): the job's next attempt is one more submit, two in all.
    expect(fal.calls('submit')).toHaveLength(2);
    expect(outcome.post.clip.lastOperation?.operationId).toBe('fal-request-2');
  });

  it("cancels a generation still running past GENERATION_DEADLINE_MS through fal's queue cancel, exactly once", async () => {
    fal.states = ['IN_PROGRESS'];
    pipeline = await startModelPipeline(google, FAL_ENV(), { generationDeadlineMs: 1_500 });
    const { request, outcome } = await pipeline.make();

    expect(outcome.kind).toBe('failure');
    if (outcome.kind === 'failure') expect(outcome.post.code).toBe('timed-out');
    expect(await waitForJobSettled(pipeline.harness.reverie.queues.get(renderQueueName('fal')), `${request.id}-render`)).toBe('failed');
    expect(fal.calls('submit')).toHaveLength(1);
    // PUT …/requests/<id>/cancel on the owner/app path, with the key.
    const [cancel] = fal.calls('cancel');
    expect(cancel?.path).toBe('/fal-ai/kling-video/requests/fal-request-1/cancel');
    expect(cancel?.headers.authorization).toBe('Key test-fal-key');
    expect(fal.cancels).toEqual(['fal-request-1']);
  });
});

describe('fal webhooks (PUBLIC_URL set)', () => {
  it('a signed webhook completes a clip whose submit answer was lost; a bad signature is refused', async () => {
    const port = await freePort();
    fal.script('submit', { destroy: true });
    pipeline = await startModelPipeline(google, FAL_ENV({ PUBLIC_URL: `http://127.0.0.1:${port}/`, FAL_WEBHOOK_WAIT_MS: '60000', VIDEO_POLL_INTERVAL_MS: '1000' }));
    const { context } = pipeline.harness.reverie;
    hooks = await startFalWebhookServer({ port, host: '127.0.0.1', redis: context.redis, prefix: pipeline.harness.prefix, jwksUrl: fal.jwksUrl, logger: context.logger });
    const made = pipeline.make();

    await fal.waitFor('submit');
    const record = fal.submitted.get('fal-request-1');
    const hook = parseFalWebhookPath(new URL(record?.webhookUrl ?? 'http://x/').pathname);
    expect(record?.webhookUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/hooks/fal/req-[0-9a-f]+/s0-[0-9a-f]+$`));
    if (!hook) throw new Error('no webhook path on the submit');

    // Tampered body, and no signature at all: both refused, nothing recorded, nothing polled.
    expect(await fal.deliverWebhook('fal-request-1', { tamper: true })).toBe(401);
    const unsigned = await fetch(record?.webhookUrl ?? '', { method: 'POST', body: JSON.stringify({ request_id: 'fal-request-1', status: 'OK' }) });
    expect(unsigned.status).toBe(401);
    const inbox = createWebhookInbox(context.redis, pipeline.harness.prefix);
    expect(await inbox.find(hook.clipId, hook.token)).toBeNull();
    // The render job (named by the request id, the webhook's clip id) has polled since, and is
    // waiting for its next poll: only then does "no status call" mean the refused hooks woke nothing.
    const refusedAt = Date.now();
    const renderQueue = pipeline.harness.reverie.queues.get(renderQueueName('fal'));
    await waitUntil(async () => {
      const job = await renderQueue.getJob(`${hook.clipId}-render`);
      return job && (job.processedOn ?? 0) > refusedAt && (await job.getState()) === 'delayed' ? true : null;
    }, 'a poll of the render job after the refused webhooks');
    expect(fal.calls('status')).toHaveLength(0);

    // fal's genuine delivery: the waiting render job learns its request id and finishes.
    expect(await fal.deliverWebhook('fal-request-1')).toBe(200);
    expect(await inbox.find(hook.clipId, hook.token)).toMatchObject({ requestId: 'fal-request-1', status: 'OK' });
    const { outcome } = await made;
    expect(outcome.kind).toBe('clip');
    if (outcome.kind !== 'clip') return;
    expect(fal.calls('submit')).toHaveLength(1);
    expect(fal.calls('status').every((call) => call.id === 'fal-request-1')).toBe(true);
    expect(fal.calls('download')).toHaveLength(1);
    expect(outcome.post.clip.costUsd).toBeCloseTo(0.504, 6);
  });

  it('a worker that died between the submit and recording its answer resumes by the webhook — no second POST', async () => {
    const port = await freePort();
    pipeline = await startModelPipeline(google, FAL_ENV({ PUBLIC_URL: `http://127.0.0.1:${port}` }));
    const { harness, port: chat } = pipeline;
    const { context } = harness.reverie;
    hooks = await startFalWebhookServer({ port, host: '127.0.0.1', redis: context.redis, prefix: harness.prefix, jwksUrl: fal.jwksUrl, logger: context.logger });
    const provider = context.providers.get('fal');
    if (!provider?.draft) throw new Error('the fal provider drafts its submits when webhooks are on');

    // What the dead worker had done: drafted and recorded the attempt, then sent the POST.
    const request = makeRequest({ where: { platform: 'console', conversationId: 'models-session', threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null } });
    const plan = { ...samplePlan({ language: 'en' }), requestedModel: 'fal:kling-3-std' };
    const workDir = join(context.workRoot, request.id);
    await mkdir(workDir, { recursive: true });
    const seconds = plan.shots[0]?.seconds ?? 4;
    const input = { plan, shotIndex: 0, avatar: null, workDir, seconds, previous: null, instruction: null };
    const draft = await provider.draft(input);
    if (!draft) throw new Error('a draft is expected with PUBLIC_URL set');
    const webhookUrl = `http://127.0.0.1:${port}${falWebhookPath(String(draft.data.webhookClipId), String(draft.data.webhookToken))}`;
    const sent = await fetch(`${fal.url}/${String(draft.data.endpointId)}?fal_webhook=${encodeURIComponent(webhookUrl)}`, {
      method: 'POST',
      headers: { authorization: 'Key test-fal-key', 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'as sent before the crash' }),
    });
    const { request_id: requestId } = (await sent.json()) as { request_id: string };
    const now = Date.now();
    const render: RenderJobData = {
      request,
      plan,
      planner: 'gemini',
      notes: [],
      providerId: 'fal',
      avatar: null,
      generation: 0,
      step: 'generate',
      shots: [{ index: 0, seconds, attempts: 1, operation: null, draft, file: null, round: 0 }],
      rewrites: 0,
      previous: null,
      instruction: null,
      startedAt: now,
      deadlineAt: now + 60_000,
    };
    await harness.reverie.queues.get(renderQueueName('fal')).add('render', render, { jobId: `${request.id}-render` });

    expect(await fal.deliverWebhook(requestId)).toBe(200);
    const outcome = await chat.outcome(request.id);
    expect(outcome.kind).toBe('clip');
    expect(fal.calls('submit')).toHaveLength(1);
  });

  it('without a webhook in time, the lost submit is reported as unknown — still one POST', async () => {
    const port = await freePort();
    fal.script('submit', falError(502, 'Bad Gateway'));
    pipeline = await startModelPipeline(google, FAL_ENV({ PUBLIC_URL: `http://127.0.0.1:${port}`, FAL_WEBHOOK_WAIT_MS: '1500' }));
    const { context } = pipeline.harness.reverie;
    hooks = await startFalWebhookServer({ port, host: '127.0.0.1', redis: context.redis, prefix: pipeline.harness.prefix, jwksUrl: fal.jwksUrl, logger: context.logger });
    const { outcome } = await pipeline.make();

    expect(outcome.kind).toBe('failure');
    if (outcome.kind !== 'failure') return;
    expect(outcome.post.code).toBe('outcome-unknown');
    expect(fal.calls('submit')).toHaveLength(1);
  });

  it('a known request sends its webhook URL and is woken by the webhook', async () => {
    const port = await freePort();
    // Stays queued until the webhook says it is done.
    fal.states = ['IN_QUEUE'];
    // A poll interval far past the test's timeout: only the webhook's promotion can finish it in time.
    pipeline = await startModelPipeline(google, FAL_ENV({ PUBLIC_URL: `http://127.0.0.1:${port}`, VIDEO_POLL_INTERVAL_MS: '600000' }));
    const { context } = pipeline.harness.reverie;
    hooks = await startFalWebhookServer({ port, host: '127.0.0.1', redis: context.redis, prefix: pipeline.harness.prefix, jwksUrl: fal.jwksUrl, logger: context.logger });
    const made = pipeline.make();
    await fal.waitFor('status');
    fal.states = ['COMPLETED'];
    expect(await fal.deliverWebhook('fal-request-1')).toBe(200);
    const { outcome } = await made;
    expect(outcome.kind).toBe('clip');
    expect(fal.calls('submit')).toHaveLength(1);
  });
});
