import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ShotInput } from '../../../../src/ports/video-provider.ts';
import { createVeoProvider, snapVeoSeconds, type VeoProviderOptions } from '../../../../src/providers/veo/veo-provider.ts';
import { googleError, startFakeGoogle, veoDone, veoFiltered, veoOperationName, type FakeGoogle } from '../../../fakes/fake-google.ts';
import { makeClip, makeStill, samplePlan } from '../../../fixtures/make-media.ts';
import '../../../helpers/model-harness.ts';

let dir = '';
let avatarPath = '';
let google: FakeGoogle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-veo-'));
  avatarPath = await makeStill(join(dir, 'avatar.png'), 64, 64);
  google = await startFakeGoogle({ videoPath: await makeClip(join(dir, 'clip.mp4'), { width: 320, height: 568, seconds: 1 }) });
});

afterAll(async () => {
  await google.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  google.requests.length = 0;
  google.script('veo.create');
  google.script('veo.poll');
});

const veo = (overrides: Partial<VeoProviderOptions> = {}) =>
  createVeoProvider({
    apiKey: 'test-vertex-key',
    location: 'us-central1',
    baseUrl: google.url,
    model: 'veo-3.1-fast-generate-001',
    sendAvatarImage: true,
    pollIntervalMs: 50,
    createTimeoutMs: 2_000,
    statusTimeoutMs: 2_000,
    downloadMaxBytes: 64 * 1024 * 1024,
    ...overrides,
  });

function shot(overrides: Partial<ShotInput> = {}): ShotInput {
  return {
    plan: samplePlan({ language: 'zh-Hans', negativePrompt: 'text, watermark', aspectRatio: '1:1', shots: [{ seconds: 5, spoken: { speaker: 'protagonist', line: '新年快乐！' } }] }),
    shotIndex: 0,
    avatar: null,
    workDir: dir,
    seconds: 5,
    previous: null,
    instruction: null,
    ...overrides,
  };
}

interface PredictBody {
  instances: { prompt: string; image?: { bytesBase64Encoded: string; mimeType: string } }[];
  parameters: Record<string, unknown>;
}

describe('Veo provider', () => {
  it('creates once on Vertex express mode, polls by operation name from a fresh instance, and writes the bytes', async () => {
    const name = veoOperationName(1);
    google.script('veo.poll', { json: { name } }, veoDone(name, google.video));
    const handle = await veo().start(shot());

    expect(handle).toEqual({ provider: 'veo', operationId: name, data: { model: 'veo-3.1-fast-generate-001', seconds: 6, aspectRatio: '16:9', imageAttached: false } });
    const [create] = google.calls('veo.create');
    expect(create?.path).toBe('/v1beta1/publishers/google/models/veo-3.1-fast-generate-001:predictLongRunning');
    expect(create?.headers['x-goog-api-key']).toBe('test-vertex-key');
    const body = create?.body as PredictBody;
    expect(body.parameters).toMatchObject({
      sampleCount: 1,
      durationSeconds: 6,
      aspectRatio: '16:9',
      resolution: '720p',
      personGeneration: 'allow_adult',
      generateAudio: true,
      negativePrompt: 'text, watermark',
    });
    expect(body.instances[0]?.prompt).toContain('The main character says in Mandarin Chinese: "新年快乐！" (no subtitles)');
    expect(body.instances[0]?.prompt).not.toContain('No text, watermark');
    expect(body.instances[0]?.image).toBeUndefined();

    const later = veo();
    expect(await later.status(handle)).toEqual({ state: 'running', percent: null });
    const poll = google.calls('veo.poll')[0];
    expect(poll?.path).toBe('/v1beta1/projects/fake-project/locations/us-central1/publishers/google/models/veo-3.1-fast-generate-001:fetchPredictOperation');
    expect(poll?.body).toEqual({ operationName: name });
    expect(await later.status(handle)).toEqual({ state: 'done' });
    const destination = join(dir, 'veo-shot.mp4');
    await veo().download(handle, destination);
    expect(await readFile(destination)).toEqual(google.video);
    expect(google.calls('veo.create')).toHaveLength(1);
  });

  it('sends the avatar as the starting image', async () => {
    const plan = samplePlan({ language: 'en', protagonist: { useAvatar: true, description: 'a child-like cartoon fox in a blue hoodie' } });
    await veo().start(shot({ plan, avatar: { path: avatarPath, mimeType: 'image/png' }, seconds: 4.3 }));
    const body = google.calls('veo.create')[0]?.body as PredictBody;
    expect(body.instances[0]?.image).toEqual({ bytesBase64Encoded: (await readFile(avatarPath)).toString('base64'), mimeType: 'image/png' });
    expect(body.instances[0]?.prompt).toContain('The starting image shows the main character (a child-like cartoon fox in a blue hoodie)');
    expect(body.parameters.durationSeconds).toBe(4);
  });

  it('snaps seconds to 4, 6 or 8', () => {
    expect([1, 4.3, 4.6, 6, 7, 12].map(snapVeoSeconds)).toEqual([4, 4, 6, 6, 8, 8]);
  });

  it('reports filtered output as a refusal and job errors by code', async () => {
    const handle = { provider: 'veo', operationId: veoOperationName(3), data: {} };
    google.script('veo.poll', veoFiltered(handle.operationId));
    expect(await veo().status(handle)).toEqual({ state: 'refused', reason: 'The prompt could not be submitted. Support codes: 58061214' });
    google.script('veo.poll', { json: { name: handle.operationId, done: true, error: { code: 13, message: 'Internal error' } } });
    expect(await veo().status(handle)).toEqual({ state: 'failed', retryable: true, reason: 'Veo: Internal error' });
    google.script('veo.poll', { json: { name: handle.operationId, done: true, error: { code: 3, message: 'Invalid image' } } });
    expect(await veo().status(handle)).toMatchObject({ state: 'failed', retryable: false });
  });

  it('maps create failures without re-sending (no SDK retries)', async () => {
    google.script('veo.create', googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', {}));
    await expect(veo().start(shot())).rejects.toMatchObject({ kind: 'rate-limited' });
    google.script('veo.create', {
      status: 429,
      json: { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'slow down', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' }] } },
    });
    await expect(veo().start(shot())).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 12_000 });
    google.script('veo.create', googleError(503, 'UNAVAILABLE', 'overloaded'));
    await expect(veo().start(shot())).rejects.toMatchObject({ kind: 'unavailable' });
    google.script('veo.create', googleError(504, 'DEADLINE_EXCEEDED', 'deadline'));
    await expect(veo().start(shot())).rejects.toMatchObject({ kind: 'outcome-unknown' });
    google.script('veo.create', { destroy: true });
    await expect(veo().start(shot())).rejects.toMatchObject({ kind: 'outcome-unknown' });
    google.script('veo.create', googleError(400, 'INVALID_ARGUMENT', 'The prompt contains words that violate our usage guidelines'));
    await expect(veo().start(shot())).rejects.toMatchObject({ kind: 'refused' });
    expect(google.calls('veo.create')).toHaveLength(6);
  });

  it('reports a refused connection as unavailable: nothing was sent', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(veo({ baseUrl: `http://127.0.0.1:${port}` }).start(shot())).rejects.toMatchObject({ kind: 'unavailable', message: 'Veo: cannot connect (ECONNREFUSED)' });
  });
});
