import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPreviewPainter } from '../../../../src/providers/local/preview-frame.ts';
import { probeMedia } from '../../../../src/media/probe-media.ts';
import { makeStill, makeWorkDir, samplePlan } from '../../../fixtures/make-media.ts';

/** The storyboard preview's first frame, drawn by the real ffmpeg. */

let removeDir: (() => Promise<void>) | null = null;
afterEach(async () => {
  await removeDir?.();
  removeDir = null;
});

const isJpeg = (bytes: Buffer) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

describe('the preview frame', () => {
  it('is a JPEG at half the clip frame, in the plan’s aspect, from the colour world when there is no picture', async () => {
    const dir = await makeWorkDir();
    removeDir = dir.remove;
    const painter = createPreviewPainter();
    for (const [aspectRatio, width, height] of [
      ['9:16', 360, 640],
      ['16:9', 640, 360],
      ['1:1', 360, 360],
    ] as const) {
      const outputPath = join(dir.path, `preview-${width}x${height}.jpg`);
      await painter.paint({ plan: samplePlan({ aspectRatio, title: '雪夜 Snow night' }), avatar: null, workDir: dir.path, outputPath });
      expect(isJpeg(await readFile(outputPath))).toBe(true);
      const probe = await probeMedia('ffprobe', outputPath);
      expect(probe.video).toMatchObject({ width, height });
    }
  });

  it('starts from the avatar when there is one, and differs from the picture-less frame', async () => {
    const dir = await makeWorkDir();
    removeDir = dir.remove;
    const painter = createPreviewPainter();
    const plan = samplePlan({ aspectRatio: '9:16' });
    const still = await makeStill(join(dir.path, 'avatar.png'), 400, 400);
    const withAvatar = join(dir.path, 'avatar-preview.jpg');
    const without = join(dir.path, 'backdrop-preview.jpg');
    await painter.paint({ plan, avatar: { path: still, mimeType: 'image/png' }, workDir: dir.path, outputPath: withAvatar });
    await painter.paint({ plan, avatar: null, workDir: dir.path, outputPath: without });
    const [a, b] = [await readFile(withAvatar), await readFile(without)];
    expect(isJpeg(a)).toBe(true);
    expect((await probeMedia('ffprobe', withAvatar)).video).toMatchObject({ width: 360, height: 640 });
    expect(a.equals(b)).toBe(false);
  });

  it('gives up when its signal aborts, so a stuck ffmpeg never holds up the render', async () => {
    const dir = await makeWorkDir();
    removeDir = dir.remove;
    const controller = new AbortController();
    controller.abort();
    await expect(createPreviewPainter().paint({ plan: samplePlan(), avatar: null, workDir: dir.path, outputPath: join(dir.path, 'x.jpg'), signal: controller.signal })).rejects.toThrow();
  });
});
