import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/domain/errors.ts';
import type { ShotInput } from '../../../../src/ports/video-provider.ts';
import { createOmniProvider, type OmniProviderOptions } from '../../../../src/providers/omni/omni-provider.ts';
import { snapOmniSeconds } from '../../../../src/providers/omni/omni-request.ts';
import { toProviderError } from '../../../../src/providers/google-errors.ts';
import { googleError, omniCompleted, omniCompletedWithoutVideo, omniInProgress, startFakeGoogle, type FakeGoogle } from '../../../fakes/fake-google.ts';
import { makeClip, makeStill, samplePlan } from '../../../fixtures/make-media.ts';
import '../../../helpers/model-harness.ts';

let dir = '';
let avatarPath = '';
let google: FakeGoogle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-omni-'));
  avatarPath = await makeStill(join(dir, 'avatar.png'), 64, 64);
  google = await startFakeGoogle({ videoPath: await makeClip(join(dir, 'clip.mp4'), { width: 320, height: 568, seconds: 1 }) });
});

afterAll(async () => {
  await google.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  google.requests.length = 0;
  for (const route of ['interactions.create', 'interactions.get', 'files.get', 'files.download'] as const) google.script(route);
});

const omni = (overrides: Partial<OmniProviderOptions> = {}) =>
  createOmniProvider({
    apiKey: 'test-gemini-key',
    baseUrl: google.url,
    model: 'gemini-omni-1.1-flash',
    sendAvatarImage: true,
    pollIntervalMs: 50,
    createTimeoutMs: 2_000,
    statusTimeoutMs: 2_000,
    downloadTimeoutMs: 5_000,
    downloadMaxBytes: 64 * 1024 * 1024,
    ...overrides,
  });

function shot(overrides: Partial<ShotInput> = {}): ShotInput {
  return {
    plan: samplePlan({
      language: 'en',
      style: 'asmr',
      negativePrompt: 'text, watermark',
      protagonist: { useAvatar: false, description: 'a woman in a green knitted sweater' },
      shots: [{ seconds: 7.6, spoken: { speaker: 'voice-over', line: 'Happy new year, Mum.' } }],
    }),
    shotIndex: 0,
    avatar: null,
    workDir: dir,
    seconds: 7.6,
    previous: null,
    instruction: null,
    ...overrides,
  };
}

interface CreateBody {
  model: string;
  background: boolean;
  store: boolean;
  input: { type: string; text?: string; data?: string; mime_type?: string }[] | string;
  response_format: Record<string, unknown>;
  generation_config?: { video_config?: { task?: string } };
  previous_interaction_id?: string;
}

describe('Omni provider', () => {
  it('creates once in the background, polls until completed, waits for the file and streams it to disk', async () => {
    google.script('interactions.get', omniInProgress('interaction-1'), omniCompleted('interaction-1', google.url));
    google.script('files.get', { json: { name: 'files/video-interaction-1', state: 'PROCESSING' } }, { json: { name: 'files/video-interaction-1', state: 'ACTIVE' } });
    const provider = omni();
    const handle = await provider.start(shot());

    expect(handle).toMatchObject({ provider: 'omni', operationId: 'interaction-1', data: { model: 'gemini-omni-1.1-flash', seconds: 8, aspectRatio: '9:16' } });
    const [create] = google.calls('interactions.create');
    expect(create?.path).toBe('/v1/interactions');
    expect(create?.headers['x-goog-api-key']).toBe('test-gemini-key');
    const body = create?.body as CreateBody;
    expect(body).toMatchObject({ model: 'gemini-omni-1.1-flash', background: true, store: true });
    expect(body.response_format).toEqual({ type: 'video', aspect_ratio: '9:16', duration: '8s', resolution: '720p', delivery: 'uri' });
    expect(body.generation_config?.video_config?.task).toBe('text_to_video');
    const text = Array.isArray(body.input) ? (body.input[0]?.text ?? '') : '';
    expect(text).toContain('ASMR style.');
    expect(text).toContain('Camera: slow push-in.');
    expect(text).toContain('SFX: soft bell.');
    expect(text).toContain('A warm, unhurried voice-over says in English: "Happy new year, Mum."');
    expect(text).toContain('The main character: a woman in a green knitted sweater.');
    expect(text).toContain('No text, watermark.');
    expect(google.calls('interactions.get')).toHaveLength(0);

    // A fresh instance, as after a restart: the handle alone is enough.
    const later = omni();
    expect(await later.status(handle)).toEqual({ state: 'running', percent: null });
    expect(await later.status(handle)).toEqual({ state: 'running', percent: 99 });
    expect(await later.status(handle)).toEqual({ state: 'done' });
    const destination = join(dir, 'omni-shot.mp4');
    await omni().download(handle, destination);
    expect(await readFile(destination)).toEqual(google.video);
    const download = google.calls('files.download')[0];
    expect(download?.path).toBe('/v1beta/files/video-interaction-1:download');
    expect(download?.query.get('alt')).toBe('media');
    expect(download?.headers['x-goog-api-key']).toBe('test-gemini-key');
    expect(google.calls('interactions.create')).toHaveLength(1);
    expect(google.calls('interactions.get')[0]?.path).toBe('/v1/interactions/interaction-1');
  });

  it('sends the avatar as a tagged first frame when the plan uses it', async () => {
    const plan = samplePlan({ language: 'en', protagonist: { useAvatar: true, description: 'a person with short silver hair and a red scarf' } });
    await omni().start(shot({ plan, avatar: { path: avatarPath, mimeType: 'image/png' }, seconds: 4 }));
    const body = google.calls('interactions.create')[0]?.body as CreateBody;
    const input = body.input as { type: string; text?: string; data?: string; mime_type?: string }[];
    expect(input[0]).toMatchObject({ type: 'image', mime_type: 'image/png' });
    expect(input[0]?.data).toBe((await readFile(avatarPath)).toString('base64'));
    expect(input[1]?.text).toContain('<FIRST_FRAME> The image is the first frame and shows the main character (a person with short silver hair and a red scarf)');
    expect(body.generation_config?.video_config?.task).toBe('image_to_video');
    expect(body.response_format.duration).toBe('4s');

    google.requests.length = 0;
    await omni({ sendAvatarImage: false }).start(shot({ plan, avatar: { path: avatarPath, mimeType: 'image/png' }, seconds: 4 }));
    const wordsOnly = google.calls('interactions.create')[0]?.body as CreateBody;
    expect((wordsOnly.input as unknown[]).length).toBe(1);
    expect(JSON.stringify(wordsOnly.input)).toContain('The main character: a person with short silver hair and a red scarf.');
  });

  it('continues the previous interaction for a revision', async () => {
    const previous = { provider: 'omni', operationId: 'interaction-41', data: { model: 'gemini-omni-1.1-flash' } };
    await omni().start(shot({ previous, instruction: 'make it night, slower' }));
    const body = google.calls('interactions.create')[0]?.body as CreateBody;
    expect(body.previous_interaction_id).toBe('interaction-41');
    expect(body.input).toBe(
      'Change this video as the viewer asked: "make it night, slower". Keep everything else — characters, setting, framing, length and sound — the same. No subtitles or on-screen text.',
    );
    expect(body.response_format).toEqual({ type: 'video', delivery: 'uri' });
    expect(body.generation_config).toBeUndefined();
  });

  it('treats errors that are not HTTP or socket failures as our own mistake', () => {
    const fileError = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(toProviderError(fileError, 'create', 'Gemini Omni').kind).toBe('invalid');
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(toProviderError(reset, 'create', 'Gemini Omni').kind).toBe('outcome-unknown');
    expect(toProviderError(reset, 'read', 'Gemini Omni').kind).toBe('unavailable');
  });

  it('snaps seconds to whole 3–10', () => {
    expect([1, 3.2, 4.3, 7.6, 10, 14].map(snapOmniSeconds)).toEqual([3, 3, 4, 8, 10, 10]);
  });

  it('maps create failures: 429 waits, 503 retries, 502/reset/timeout are unknown, safety refuses — one POST each', async () => {
    const cases: [Parameters<FakeGoogle['script']>[1], string, number | null][] = [
      [googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted', { 'retry-after': '7' }), 'rate-limited', 7_000],
      [googleError(503, 'UNAVAILABLE', 'The model is overloaded'), 'unavailable', null],
      [googleError(500, 'INTERNAL', 'Internal error'), 'unavailable', null],
      [{ status: 502, headers: { 'content-type': 'text/html' }, bytes: Buffer.from('<html>Bad gateway</html>') }, 'outcome-unknown', null],
      [{ destroy: true }, 'outcome-unknown', null],
      [{ hold: new Promise((resolve) => setTimeout(resolve, 1_500)) }, 'outcome-unknown', null],
      [{ status: 400, json: { error: { code: 'invalid_request', message: 'The request was blocked by our safety filters.' } } }, 'refused', null],
      [googleError(400, 'INVALID_ARGUMENT', 'Requested video duration 999s 0ns exceeds the maximum allowed 10s 0ns'), 'invalid', null],
    ];
    for (const [reply, kind, retryAfterMs] of cases) {
      google.requests.length = 0;
      google.script('interactions.create', reply);
      const error = await omni({ createTimeoutMs: 500 })
        .start(shot())
        .catch((caught: unknown) => caught);
      expect(error, kind).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).kind, JSON.stringify(reply)).toBe(kind);
      if (retryAfterMs !== null) expect((error as ProviderError).retryAfterMs).toBe(retryAfterMs);
      expect(google.calls('interactions.create')).toHaveLength(1);
    }
  });

  it('reports a finished interaction without a video as a refusal, and failed ones as retryable', async () => {
    const handle = { provider: 'omni', operationId: 'interaction-7', data: {} };
    google.script('interactions.get', omniCompletedWithoutVideo('interaction-7', 'I can’t make videos of that person.'));
    expect(await omni().status(handle)).toEqual({ state: 'refused', reason: 'I can’t make videos of that person.' });
    google.script('interactions.get', { json: { id: 'interaction-7', status: 'failed' } });
    expect(await omni().status(handle)).toMatchObject({ state: 'failed', retryable: true });
    google.script('interactions.get', googleError(503, 'UNAVAILABLE', 'try later'));
    await expect(omni().status(handle)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('writes inline video bytes and never leaves a partial file', async () => {
    const handle = { provider: 'omni', operationId: 'interaction-9', data: {} };
    google.script('interactions.get', {
      json: { id: 'interaction-9', status: 'completed', steps: [{ type: 'model_output', content: [{ type: 'video', mime_type: 'video/mp4', data: google.video.toString('base64') }] }] },
    });
    const destination = join(dir, 'inline.mp4');
    expect(await omni().status(handle)).toEqual({ state: 'done' });
    await omni().download(handle, destination);
    expect((await stat(destination)).size).toBe(google.video.length);

    google.script('interactions.get', omniCompleted('interaction-9', google.url));
    google.script('files.download', { destroy: true });
    const broken = join(dir, 'broken.mp4');
    await expect(omni().download(handle, broken)).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(stat(broken)).rejects.toThrow();
    await expect(stat(`${broken}.part`)).rejects.toThrow();
  });
});
