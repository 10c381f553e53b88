import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedia } from '../../../src/media/create-media.ts';
import type { AssembleInput } from '../../../src/ports/media.ts';
import { grabLumaFrame, makeClip, makeWorkDir, videoStreamMd5 } from '../../fixtures/make-media.ts';

const media = createMedia();
let work: Awaited<ReturnType<typeof makeWorkDir>>;
beforeAll(async () => {
  work = await makeWorkDir();
});
afterAll(() => work.remove());

/** Share of pixels whose luma moved by more than 32 in the subtitle band (75–95% of the height). */
function changedShare(a: Buffer, b: Buffer, width: number, height: number): number {
  const from = Math.floor(height * 0.75) * width;
  const to = Math.floor(height * 0.95) * width;
  let changed = 0;
  for (let index = from; index < to; index += 1) if (Math.abs((a[index] ?? 0) - (b[index] ?? 0)) > 32) changed += 1;
  return changed / (to - from);
}

describe('assemble', () => {
  it('crossfades 3 mixed shots (sizes, fps, one silent) into Σd − 2F of 720x1280 h264 + aac with Chinese subtitles', async () => {
    const shots = await Promise.all([
      makeClip(join(work.path, 's0.mp4'), { width: 720, height: 1280, seconds: 3 }),
      makeClip(join(work.path, 's1.mp4'), { width: 640, height: 360, seconds: 2.5, fps: 25, audio: false }),
      makeClip(join(work.path, 's2.mp4'), { width: 1080, height: 1920, seconds: 3, fps: 30 }),
    ]);
    const durations = await Promise.all(shots.map(async (path) => (await media.probe(path)).durationSeconds));
    const reports: number[] = [];
    const outputPath = join(work.path, 'short.mp4');
    const probe = await media.assemble(
      {
        shotPaths: shots,
        outputPath,
        width: 720,
        height: 1280,
        fadeSeconds: 0.3,
        subtitles: [
          { startSeconds: 0, endSeconds: 3, text: '新年快乐，万事如意！' },
          { startSeconds: 3, endSeconds: 7.9, text: '愿你在新的一年里心想事成，身体健康，天天开心。' },
        ],
      },
      { onProgress: (percent) => reports.push(percent) },
    );

    const expected = durations.reduce((sum, duration) => sum + duration, 0) - 2 * 0.3;
    expect(Math.abs(probe.durationSeconds - expected)).toBeLessThan(0.1);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 720, height: 1280, pixelFormat: 'yuv420p', fps: 24 });
    expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(reports.at(-1)).toBe(100);
    expect(Math.max(...reports)).toBe(100);
    // The ASS file is scratch: it must not be left beside the output.
    await expect(access(join(work.path, 'short.subtitles.ass'))).rejects.toThrow();
  });

  it('renders hostile subtitle text (ASS syntax, %, quotes, emoji, RTL, 500 chars) without error', async () => {
    const shot = await makeClip(join(work.path, 'plain.mp4'), { width: 720, height: 1280, seconds: 2 });
    const probe = await media.assemble({
      shotPaths: [shot],
      outputPath: join(work.path, 'hostile.mp4'),
      width: 720,
      height: 1280,
      fadeSeconds: 0.3,
      subtitles: [
        { startSeconds: 0, endSeconds: 0.5, text: "a: b' c % d \\ e { f } g \\N {\\b1} %{pts} [x];[y]" },
        { startSeconds: 0.5, endSeconds: 1, text: '🎉👨‍👩‍👧 مرحبا بالعالم שלום עולם 你好' },
        { startSeconds: 1, endSeconds: 2, text: 'long line '.repeat(50) },
      ],
    });
    expect(probe.durationSeconds).toBeCloseTo(2, 1);
  });

  it('cuts hard when fadeSeconds is 0 (length Σd)', async () => {
    const shots = await Promise.all([0, 1].map((index) => makeClip(join(work.path, `cut${index}.mp4`), { width: 320, height: 240, seconds: 1 })));
    const probe = await media.assemble({ shotPaths: shots, outputPath: join(work.path, 'cut.mp4'), width: 320, height: 240, fadeSeconds: 0, subtitles: [] });
    expect(Math.abs(probe.durationSeconds - 2)).toBeLessThan(0.1);
  });

  it("plays the style's transition over the crossfade: a wipe splits the frame where a fade blends it, and the length stays Σd − F", async () => {
    const [width, height] = [160, 120];
    const shots = await Promise.all(['black', 'white'].map((colour) => makeClip(join(work.path, `${colour}.mp4`), { width, height, seconds: 1, colour, audio: false })));
    const middleOfFade = async (transition: 'fade' | 'wipeleft' | null): Promise<{ left: number; right: number }> => {
      const outputPath = join(work.path, `join-${transition ?? 'cut'}.mp4`);
      const probe = await media.assemble({ shotPaths: shots, outputPath, width, height, fadeSeconds: transition === null ? 0 : 0.4, ...(transition ? { transition } : {}), subtitles: [] });
      expect(Math.abs(probe.durationSeconds - (transition === null ? 2 : 1.6))).toBeLessThan(0.1);
      // The fade runs from 0.6 s to 1.0 s; a hard cut shows the first shot until 1.0 s.
      const frame = await grabLumaFrame(outputPath, 0.8);
      const meanOf = (fromColumn: number, toColumn: number): number => {
        let sum = 0;
        for (let row = 0; row < height; row += 1) for (let column = fromColumn; column < toColumn; column += 1) sum += frame[row * width + column] ?? 0;
        return sum / (height * (toColumn - fromColumn));
      };
      return { left: meanOf(0, width / 4), right: meanOf((width * 3) / 4, width) };
    };
    const [fade, wipe, cut] = await Promise.all([middleOfFade('fade'), middleOfFade('wipeleft'), middleOfFade(null)]);
    expect(Math.abs(fade.left - fade.right)).toBeLessThan(10);
    expect(fade.left).toBeGreaterThan(60);
    expect(fade.left).toBeLessThan(200);
    expect(Math.abs(wipe.left - wipe.right)).toBeGreaterThan(150);
    expect(Math.max(cut.left, cut.right)).toBeLessThan(30);
  });

  it('encodes the local storyboard with the lighter motion search, other shots with veryfast’s own', async () => {
    const shot = await makeClip(join(work.path, 'light.mp4'), { width: 160, height: 120, seconds: 1 });
    const settingsOf = async (storyboard: boolean): Promise<string> => {
      const outputPath = join(work.path, `light-${storyboard}.mp4`);
      // Two shots: a lone shot already in the clip's shape would be remuxed, not encoded.
      await media.assemble({ shotPaths: [shot, shot], outputPath, width: 160, height: 120, fadeSeconds: 0, subtitles: [], storyboard });
      // x264 writes its settings into the stream (an SEI message): what it was really run with.
      return /me=\w+ subme=\d+/.exec((await readFile(outputPath)).toString('latin1'))?.[0] ?? '';
    };
    expect(await settingsOf(true)).toBe('me=dia subme=1');
    expect(await settingsOf(false)).toBe('me=hex subme=2');
  });

  it('draws real Chinese glyphs: visible, and different text gives different pixels (boxes would not)', async () => {
    const shot = await makeClip(join(work.path, 'grey.mp4'), { width: 720, height: 1280, seconds: 1, colour: 'gray' });
    const render = async (name: string, text: string): Promise<Buffer> => {
      const outputPath = join(work.path, `${name}.mp4`);
      await media.assemble({ shotPaths: [shot], outputPath, width: 720, height: 1280, fadeSeconds: 0, subtitles: [{ startSeconds: 0, endSeconds: 1, text }] });
      return grabLumaFrame(outputPath, 0.5);
    };
    const [plain, hello, other] = await Promise.all([grabLumaFrame(shot, 0.5), render('hello', '你好世界'), render('other', '龍飛鳳舞')]);
    // Four glyphs cover ~3% of the band; missing glyphs render as identical boxes (measured: 0% apart).
    expect(changedShare(plain, hello, 720, 1280)).toBeGreaterThan(0.01);
    expect(changedShare(hello, other, 720, 1280)).toBeGreaterThan(0.01);
  });

  it("remuxes a lone shot already in the clip's shape (nothing to burn in) instead of encoding it again", async () => {
    const shot = await makeClip(join(work.path, 'finished.mp4'), { width: 320, height: 240, seconds: 1 });
    const outputPath = join(work.path, 'remuxed.mp4');
    const probe = await media.assemble({ shotPaths: [shot], outputPath, width: 320, height: 240, fadeSeconds: 0, subtitles: [] });
    expect(probe).toMatchObject({ video: { codec: 'h264', width: 320, height: 240, fps: 24 }, audio: { codec: 'aac', sampleRate: 48_000, channels: 2 } });
    expect(Math.abs(probe.durationSeconds - 1)).toBeLessThan(0.05);
    expect(await videoStreamMd5(outputPath)).toBe(await videoStreamMd5(shot));
    // Any other length, or a cue to burn in, still needs the encode.
    const variants: [string, Pick<AssembleInput, 'shotSeconds' | 'subtitles'>][] = [
      ['longer', { shotSeconds: [1.5], subtitles: [] }],
      ['captioned', { subtitles: [{ startSeconds: 0, endSeconds: 1, text: 'hi' }] }],
    ];
    for (const [name, input] of variants) {
      const encodedPath = join(work.path, `${name}.mp4`);
      await media.assemble({ shotPaths: [shot], outputPath: encodedPath, width: 320, height: 240, fadeSeconds: 0, ...input });
      expect(await videoStreamMd5(encodedPath)).not.toBe(await videoStreamMd5(shot));
    }
  });

  it('refuses an output path that would break the filter graph', async () => {
    const shot = join(work.path, 'plain.mp4');
    await expect(
      media.assemble({ shotPaths: [shot], outputPath: join(work.path, "it's:here.mp4"), width: 720, height: 1280, fadeSeconds: 0, subtitles: [{ startSeconds: 0, endSeconds: 1, text: 'x' }] }),
    ).rejects.toThrow(/filter graph/);
  });
});
