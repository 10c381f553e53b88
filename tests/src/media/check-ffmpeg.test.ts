import { describe, expect, it } from 'vitest';
import { checkFfmpeg } from '../../../src/media/check-ffmpeg.ts';

const INSTALL = 'apt-get install -y --no-install-recommends ffmpeg fonts-noto-cjk';

describe('checkFfmpeg', () => {
  it('accepts the installed ffmpeg, ffprobe and CJK font', async () => {
    await expect(checkFfmpeg()).resolves.toBeUndefined();
  });

  it.each([
    [{ ffmpegPath: '/nonexistent/ffmpeg' }, /ffmpeg not found/],
    [{ ffprobePath: '/nonexistent/ffprobe' }, /ffprobe not found/],
    [{ fontsDir: '/nonexistent/fonts' }, /CJK font/],
  ])('names the fix when something is missing (%j)', async (options, problem) => {
    const error = await checkFfmpeg(options).catch((caught: unknown) => caught as Error);
    expect(error?.message).toMatch(problem);
    expect(error?.message).toContain(INSTALL);
  });
});
