import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedia } from '../../../src/media/create-media.ts';
import { FfmpegError } from '../../../src/media/ffmpeg-run.ts';
import { makeClip, makeStill, makeWorkDir } from '../../fixtures/make-media.ts';

const media = createMedia();
let work: Awaited<ReturnType<typeof makeWorkDir>>;
beforeAll(async () => {
  work = await makeWorkDir();
});
afterAll(() => work.remove());

describe('probe', () => {
  it('reads duration, size, format and both streams', async () => {
    const path = await makeClip(join(work.path, 'clip.mp4'), { width: 320, height: 240, seconds: 2, fps: 25 });
    const probe = await media.probe(path);
    expect(probe.durationSeconds).toBeCloseTo(2, 1);
    expect(probe.sizeBytes).toBeGreaterThan(1000);
    expect(probe.formatName).toContain('mp4');
    expect(probe.video).toEqual({ codec: 'h264', width: 320, height: 240, pixelFormat: 'yuv420p', sampleAspectRatio: '1:1', fps: 25 });
    expect(probe.audio).toEqual({ codec: 'aac', sampleRate: 48000, channels: 2 });
  });

  it('reports no audio for a silent clip and no duration for a still', async () => {
    const silent = await makeClip(join(work.path, 'silent.mp4'), { width: 160, height: 120, seconds: 1, audio: false });
    expect((await media.probe(silent)).audio).toBeNull();
    const still = await media.probe(await makeStill(join(work.path, 'still.png'), 64, 48));
    expect(still.video).toMatchObject({ codec: 'png', width: 64, height: 48 });
    expect(still.audio).toBeNull();
  });

  it('fails with ffprobe’s own message for a missing file', async () => {
    const error = await media.probe(join(work.path, 'nope.mp4')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FfmpegError);
    expect(String((error as Error).message)).toMatch(/No such file or directory/);
  });
});
