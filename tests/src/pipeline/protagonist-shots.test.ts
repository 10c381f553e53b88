import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogle, type FakeGoogle, type RecordedRequest } from '../../fakes/fake-google.ts';
import { makeClip, makeStill } from '../../fixtures/make-media.ts';
import { llmPlan, startModelPipeline, type ModelPipeline } from '../../helpers/model-harness.ts';
import { ffprobe } from '../../helpers/run-cli.ts';

/**
 * One protagonist across shots (issue #13 item 5): through the real pipeline and the real Omni SDK
 * against the fake Google, every shot's create gets the avatar, or — with no avatar — the shot
 * before's last frame, and every shot's prompt carries the plan's protagonist description.
 */

const DESCRIPTION = 'a figure in a yellow raincoat';

type OmniPart = { type: string; text?: string; data?: string; mime_type?: string };

function partsOf(create: RecordedRequest): OmniPart[] {
  return (create.body as { input: OmniPart[] }).input;
}

let dir = '';
let google: FakeGoogle;
let pipeline: ModelPipeline | null = null;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-protagonist-'));
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

describe('one protagonist across shots', () => {
  it('sends the avatar with every shot when policy allows it, all shots created up front', async () => {
    const avatar = await makeStill(join(dir, 'me.png'), 32, 32);
    const plan = llmPlan('en', { protagonist: { useAvatar: true, description: DESCRIPTION } });
    pipeline = await startModelPipeline(google, {}, {}, { plan });
    const { outcome } = await pipeline.make({ sentence: 'a short with my avatar', avatar: { kind: 'path', location: avatar, mimeType: 'image/png', source: 'avatar' } });
    expect(outcome.kind).toBe('clip');

    const creates = google.calls('interactions.create');
    expect(creates).toHaveLength(2);
    const sent = (await readFile(avatar)).toString('base64');
    for (const create of creates) {
      const parts = partsOf(create);
      expect(parts.find((part) => part.type === 'image')).toMatchObject({ data: sent, mime_type: 'image/png' });
      expect(parts.find((part) => part.type === 'text')?.text).toContain(DESCRIPTION);
    }
    // With the avatar as every shot's start, nothing waits: the second create precedes any download.
    const firstDownload = google.calls('files.download')[0];
    expect(firstDownload && (creates[1]?.at ?? Infinity) <= firstDownload.at).toBe(true);
  });

  it('starts each later shot from the last frame of the shot before when there is no avatar', async () => {
    pipeline = await startModelPipeline(google, {}, {}, { plan: llmPlan('en') });
    const { outcome } = await pipeline.make({ avatar: null });
    expect(outcome.kind).toBe('clip');

    const [first, second] = google.calls('interactions.create');
    if (!first || !second) throw new Error('expected two creates');
    expect(partsOf(first).map((part) => part.type)).toEqual(['text']);
    const frame = partsOf(second).find((part) => part.type === 'image');
    expect(frame?.mime_type).toBe('image/jpeg');
    // The frame is a real picture of the downloaded shot: a JPEG the size of the fake's clip.
    const framePath = join(dir, 'received-frame.jpg');
    await writeFile(framePath, Buffer.from(frame?.data ?? '', 'base64'));
    expect((await ffprobe(framePath)).video).toMatchObject({ width: 720, height: 1280 });
    // Chained: the second shot was created only after the first one was downloaded.
    const firstDownload = google.calls('files.download')[0];
    expect(firstDownload && firstDownload.at <= second.at).toBe(true);
    for (const create of [first, second]) expect(partsOf(create).find((part) => part.type === 'text')?.text).toContain(DESCRIPTION);
  });

  it('keeps the avatar in words only when SEND_AVATAR_IMAGES is off, and chains the frames instead', async () => {
    const avatar = await makeStill(join(dir, 'me-private.png'), 32, 32);
    const plan = llmPlan('en', { protagonist: { useAvatar: true, description: DESCRIPTION } });
    pipeline = await startModelPipeline(google, { SEND_AVATAR_IMAGES: 'false' }, {}, { plan });
    const { outcome } = await pipeline.make({ sentence: 'a short with my avatar', avatar: { kind: 'path', location: avatar, mimeType: 'image/png', source: 'avatar' } });
    expect(outcome.kind).toBe('clip');

    const creates = google.calls('interactions.create');
    const sent = (await readFile(avatar)).toString('base64');
    expect(creates.map((create) => partsOf(create).find((part) => part.type === 'image')?.mime_type ?? null)).toEqual([null, 'image/jpeg']);
    for (const create of creates) expect(JSON.stringify(create.body)).not.toContain(sent);
  });
});
