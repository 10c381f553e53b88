import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedia } from '../../../src/media/create-media.ts';
import { boundedFrameSize, videoRateCapKbps } from '../../../src/media/fit-to-limit.ts';
import { makeClip, makeWorkDir, runTool, videoStreamMd5 } from '../../fixtures/make-media.ts';

const TEN_MIB = 10 * 1024 * 1024;
const DISCORD_BUDGET = 9_961_472; // 9.5 MiB

const media = createMedia();
let work: Awaited<ReturnType<typeof makeWorkDir>>;
let bigClip: string;
beforeAll(async () => {
  work = await makeWorkDir();
  // Temporal noise at 15 Mbit/s: ~15 MB in 8 s that no encoder can shrink by accident.
  bigClip = await makeClip(join(work.path, 'big.mp4'), { width: 720, height: 1280, seconds: 8, noisy: true, videoBitrate: '15M' });
});
afterAll(() => work.remove());

describe('fitToLimit', () => {
  it('re-encodes a ~15 MB clip under the budget, still decodable h264 + aac', async () => {
    expect((await stat(bigClip)).size).toBeGreaterThan(13_000_000);
    const out = join(work.path, 'fitted.mp4');
    const reports: number[] = [];
    const result = await media.fitToLimit(bigClip, out, DISCORD_BUDGET, { onProgress: (percent) => reports.push(percent) });

    expect(result.method).toBe('encode');
    expect(result.sizeBytes).toBe((await stat(out)).size);
    expect(result.sizeBytes).toBeLessThanOrEqual(TEN_MIB);
    const probe = await media.probe(out);
    expect(probe.video).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', width: 720, height: 1280 });
    expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(probe.durationSeconds).toBeCloseTo(8, 0);
    await runTool('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-xerror', '-i', out, '-f', 'null', '-']);
    expect(reports.at(-1)).toBe(100);
  });

  it('stream-copies a clip that already fits, leaving the video bytes untouched', async () => {
    const small = await makeClip(join(work.path, 'small.mp4'), { width: 720, height: 1280, seconds: 2 });
    const out = join(work.path, 'copied.mp4');
    const result = await media.fitToLimit(small, out, DISCORD_BUDGET);
    expect(result.method).toBe('copy');
    expect(await videoStreamMd5(out)).toBe(await videoStreamMd5(small));
    expect((await media.probe(out)).audio?.codec).toBe('aac');
  });

  it('encodes a small clip whose codec does not fit (not h264)', async () => {
    const mpeg4 = join(work.path, 'mpeg4.mp4');
    await runTool('ffmpeg', ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-filter_complex', 'testsrc2=s=320x240:r=24:d=1[v]', '-map', '[v]', '-c:v', 'mpeg4', mpeg4]);
    const result = await media.fitToLimit(mpeg4, join(work.path, 'from-mpeg4.mp4'), DISCORD_BUDGET);
    expect(result.method).toBe('encode');
    expect((await media.probe(join(work.path, 'from-mpeg4.mp4'))).video?.codec).toBe('h264');
  });

  it('refuses a limit the clip cannot reach instead of producing mush', async () => {
    await expect(media.fitToLimit(bigClip, join(work.path, 'tiny.mp4'), 100_000)).rejects.toThrow(/can't fit/);
  });

  it('computes the VBV cap and the 720p bound', () => {
    expect(videoRateCapKbps(DISCORD_BUDGET, 8)).toBe(8659);
    expect(videoRateCapKbps(DISCORD_BUDGET, 23.4)).toBe(3090);
    expect(boundedFrameSize(1080, 1920)).toEqual({ width: 720, height: 1280 });
    expect(boundedFrameSize(1920, 1080)).toEqual({ width: 1280, height: 720 });
    expect(boundedFrameSize(1080, 1080)).toEqual({ width: 720, height: 720 });
    expect(boundedFrameSize(720, 1280)).toEqual({ width: 720, height: 1280 });
    expect(boundedFrameSize(641, 361)).toEqual({ width: 640, height: 360 });
  });
});
