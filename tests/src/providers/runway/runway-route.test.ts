import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NO_OPTIONS } from '../../../../src/domain/creation-request.ts';
import { startFakeGoogle, type FakeGoogle } from '../../../fakes/fake-google.ts';
import { runwayError, runwayFailed, startFakeRunway, type FakeRunway } from '../../../fakes/fake-runway.ts';
import { makeClip, makeStill } from '../../../fixtures/make-media.ts';
import { ffprobe } from '../../../helpers/run-cli.ts';
import { startModelPipeline, type ModelPipeline } from '../../../helpers/model-harness.ts';
import { waitForJobSettled } from '../../../helpers/wait-until.ts';
import { renderQueueName } from '../../../../src/queue/queue-names.ts';

/** Runway through the real @runwayml/sdk (maxRetries 0 on create) against a fake on 127.0.0.1. */

let dir = '';
let avatarPath = '';
let google: FakeGoogle;
let runway: FakeRunway;
let pipeline: ModelPipeline | null = null;

const RUNWAY_ENV = (extra: Record<string, string> = {}) => ({
  VIDEO_PROVIDER: 'runway',
  RUNWAY_API_KEY: 'test-runway-key',
  RUNWAY_BASE_URL: runway.url,
  ...extra,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-runway-route-'));
  const clip = await makeClip(join(dir, 'runway.mp4'), { width: 720, height: 1280, seconds: 4, audio: false });
  avatarPath = await makeStill(join(dir, 'avatar.png'), 64, 64);
  google = await startFakeGoogle({ videoPath: clip });
  runway = await startFakeRunway({ videoPath: clip });
});

afterAll(async () => {
  await google.close();
  await runway.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await pipeline?.stop();
  pipeline = null;
  google.reset();
  runway.reset();
});

describe('runway: create → poll → download', () => {
  it('makes a Gen-4.5 clip from words, priced at 12 credits a second', async () => {
    pipeline = await startModelPipeline(google, RUNWAY_ENV());
    const { outcome } = await pipeline.make();

    expect(outcome.kind).toBe('clip');
    if (outcome.kind !== 'clip') return;
    const [create] = runway.calls('create.text');
    expect(runway.calls('create.text')).toHaveLength(1);
    expect(create?.headers.authorization).toBe('Bearer test-runway-key');
    expect(create?.headers['x-runway-version']).toBe('2024-11-06');
    expect(create?.body).toMatchObject({ model: 'gen4.5', ratio: '720:1280', duration: 4 });
    expect(String((create?.body as { promptText: string }).promptText).length).toBeLessThanOrEqual(1000);
    expect(runway.calls('task').map((call) => call.id)).toEqual(['task-1', 'task-1', 'task-1']);
    expect(runway.calls('download')).toHaveLength(1);

    const { clip } = outcome.post;
    expect(clip).toMatchObject({ providerId: 'runway', modelId: 'runway:gen4.5', generatedSeconds: 4, lastOperation: { operationId: 'task-1', data: { estimatedCredits: 96 } } });
    expect(clip.costUsd).toBeCloseTo(0.48, 6);
    // A silent model: the user is told, and the assembler still gives the clip an audio track.
    expect(outcome.post.notes).toContain('Runway Gen-4.5 makes silent video, so this short has no sound of its own.');
    const probe = await ffprobe(outcome.post.filePath);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 720, height: 1280 });
  });

  it('starts Gen-4 Turbo from the avatar when the /short model option asks for it', async () => {
    pipeline = await startModelPipeline(google, RUNWAY_ENV());
    const { outcome } = await pipeline.make({
      sentence: 'make a short of me on a rainy night',
      avatar: { kind: 'path', location: avatarPath, mimeType: 'image/png', source: 'avatar' },
      options: { ...NO_OPTIONS, useAvatar: true, model: 'runway:gen4_turbo' },
    });

    expect(outcome.kind).toBe('clip');
    const [create] = runway.calls('create.image');
    expect(runway.calls('create.text')).toHaveLength(0);
    expect(create?.body).toMatchObject({ model: 'gen4_turbo', ratio: '720:1280', duration: 4 });
    expect(String((create?.body as { promptImage: string }).promptImage)).toMatch(/^data:image\/png;base64,/);
    if (outcome.kind === 'clip') expect(outcome.post.clip).toMatchObject({ modelId: 'runway:gen4_turbo', costUsd: 0.2 });
  });

  it('sends exactly one POST on a 503 and tells the user the outcome is unknown', async () => {
    runway.script('create.text', runwayError(503, 'Service Unavailable'));
    pipeline = await startModelPipeline(google, RUNWAY_ENV());
    const { request, outcome } = await pipeline.make();

    expect(outcome.kind).toBe('failure');
    if (outcome.kind !== 'failure') return;
    expect(outcome.post.code).toBe('outcome-unknown');
    // The render job has failed for good: no re-send of the create can follow.
    expect(await waitForJobSettled(pipeline.harness.reverie.queues.get(renderQueueName('runway')), `${request.id}-render`)).toBe('failed');
    expect(runway.calls('create.text')).toHaveLength(1);
    expect(runway.calls('task')).toHaveLength(0);
  });

  it('treats a SAFETY failure as a refusal: one rewrite, then the refusal message', async () => {
    runway.script('task', (request) => runwayFailed(request.id ?? '', 'SAFETY.OUTPUT.VIDEO'));
    pipeline = await startModelPipeline(google, RUNWAY_ENV());
    const { outcome } = await pipeline.make();

    expect(outcome.kind).toBe('failure');
    if (outcome.kind === 'failure') expect(outcome.post.code).toBe('refused');
    expect(runway.calls('create.text')).toHaveLength(2);
  });

  it('cancels a task still running past GENERATION_DEADLINE_MS (DELETE /v1/tasks/<id>), exactly once', async () => {
    runway.script('task', (request) => ({ json: { id: request.id, status: 'RUNNING', progress: 0.2, createdAt: '2026-12-01T00:00:00Z' } }));
    pipeline = await startModelPipeline(google, RUNWAY_ENV(), { generationDeadlineMs: 1_500 });
    const { request, outcome } = await pipeline.make();

    expect(outcome.kind).toBe('failure');
    if (outcome.kind === 'failure') expect(outcome.post.code).toBe('timed-out');
    expect(await waitForJobSettled(pipeline.harness.reverie.queues.get(renderQueueName('runway')), `${request.id}-render`)).toBe('failed');
    expect(runway.calls('create.text')).toHaveLength(1);
    expect(runway.cancels).toEqual(['task-1']);
    expect(runway.calls('task.delete')[0]?.headers.authorization).toBe('Bearer test-runway-key');
  });
});
