import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedia } from '../../../src/media/create-media.ts';
import { makeClip, makeWorkDir } from '../../fixtures/make-media.ts';

const media = createMedia();
let work: Awaited<ReturnType<typeof makeWorkDir>>;
beforeAll(async () => {
  work = await makeWorkDir();
});
afterAll(() => work.remove());

describe('thumbnail', () => {
  it('makes a JPEG within Telegram’s 320 px and 200 kB', async () => {
    const clip = await makeClip(join(work.path, 'clip.mp4'), { width: 720, height: 1280, seconds: 2, noisy: true });
    const out = join(work.path, 'thumb.jpg');
    await media.thumbnail(clip, out, { maxSide: 320, maxBytes: 200_000 });
    const probe = await media.probe(out);
    expect(probe.video).toMatchObject({ codec: 'mjpeg', width: 180, height: 320 });
    expect((await stat(out)).size).toBeLessThanOrEqual(200_000);
  });

  it('lowers the quality until the size limit holds', async () => {
    const clip = await makeClip(join(work.path, 'wide.mp4'), { width: 1280, height: 720, seconds: 1, noisy: true });
    const roomy = join(work.path, 'roomy.jpg');
    const tight = join(work.path, 'tight.jpg');
    await media.thumbnail(clip, roomy, { maxSide: 320, maxBytes: 200_000 });
    const roomyBytes = (await stat(roomy)).size;
    await media.thumbnail(clip, tight, { maxSide: 320, maxBytes: Math.floor(roomyBytes / 2) });
    expect((await stat(tight)).size).toBeLessThanOrEqual(roomyBytes / 2);
    expect((await media.probe(tight)).video).toMatchObject({ width: 320, height: 180 });
  });
});
