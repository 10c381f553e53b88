import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_FPS } from '../../../../src/media/encode-args.ts';
import { runFfmpeg } from '../../../../src/media/ffmpeg-run.ts';
import { resolveMediaTools } from '../../../../src/media/media-tools.ts';
import { revealBeats } from '../../../../src/media/text-wrap.ts';
import { writeCaptionFilters } from '../../../../src/providers/local/shot-caption.ts';
import { makeWorkDir } from '../../../fixtures/make-media.ts';

/** The shot's on-screen text burned in by the real ffmpeg (libass) over flat grey, read back as luma. */

const [WIDTH, HEIGHT, SECONDS] = [180, 320, 3];
const tools = resolveMediaTools();
let work: Awaited<ReturnType<typeof makeWorkDir>>;
beforeAll(async () => {
  work = await makeWorkDir();
});
afterAll(() => work.remove());

/** Every frame's luma over the shot, with the caption drawn kinetic or (a preview still) all at once. */
async function captionFrames(name: string, caption: string, still: boolean): Promise<Buffer[]> {
  const text = await writeCaptionFilters({ workDir: work.path, filePrefix: name, width: WIDTH, height: HEIGHT, seconds: SECONDS, title: null, caption, ...tools, titleColour: '#ffe0a0', still });
  const outputPath = join(work.path, `${name}.gray`);
  await runFfmpeg(tools.ffmpegPath, {
    inputs: [],
    filterGraph: `color=c=0x404040:s=${WIDTH}x${HEIGHT}:r=${OUTPUT_FPS}:d=${SECONDS},format=yuv420p,${text},format=gray[v]`,
    outputOptions: ['-map', '[v]', '-f', 'rawvideo'],
    outputPath,
    durationSeconds: SECONDS,
  });
  const bytes = await readFile(outputPath);
  const size = WIDTH * HEIGHT;
  return Array.from({ length: Math.floor(bytes.length / size) }, (_, index) => bytes.subarray(index * size, (index + 1) * size));
}

/** White text pixels in the top half, where the caption sits. */
const textPixels = (frame: Buffer | undefined): number => (frame ?? Buffer.alloc(0)).subarray(0, (WIDTH * HEIGHT) / 2).filter((luma) => luma > 200).length;
const at = (frames: readonly Buffer[], seconds: number): Buffer | undefined => frames[Math.round(seconds * OUTPUT_FPS)];

describe('kinetic on-screen text', () => {
  it('cuts a line into words, and Chinese into character pairs with their punctuation, losing nothing', () => {
    expect(revealBeats('Happy new year to you')).toEqual(['Happy ', 'new ', 'year ', 'to ', 'you']);
    expect(revealBeats('新年快乐，万事如意！')).toEqual(['新年', '快乐，', '万事', '如意！']);
    expect(revealBeats('Hello 世界 again').join('')).toBe('Hello 世界 again');
  });

  it('brings the words up one after another across the shot, where the still shows them all at once', async () => {
    const [kinetic, still] = await Promise.all([captionFrames('kinetic', 'one two three four five six', false), captionFrames('still', 'one two three four five six', true)]);
    const [early, middle, full] = [textPixels(at(kinetic, 0.75)), textPixels(at(kinetic, 1.3)), textPixels(at(kinetic, 2.2))];
    const all = textPixels(at(still, 0.55));
    expect(early).toBeGreaterThan(0);
    expect(middle).toBeGreaterThan(early * 1.5);
    expect(full).toBeGreaterThan(middle * 1.2);
    // Fully revealed, the kinetic caption is the same text in the same place as the still one.
    expect(Math.abs(full - all)).toBeLessThan(all * 0.1);
    // …and it fades out before the cut.
    expect(textPixels(kinetic.at(-1))).toBeLessThan(full * 0.5);
  });

  it('reveals Chinese by character pairs too', async () => {
    const frames = await captionFrames('chinese', '新年快乐，万事如意！', false);
    expect(textPixels(at(frames, 1.3))).toBeGreaterThan(textPixels(at(frames, 0.75)) * 1.3);
  });
});
