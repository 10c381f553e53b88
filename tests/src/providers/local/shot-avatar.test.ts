import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_FPS } from '../../../../src/media/encode-args.ts';
import { runFfmpeg } from '../../../../src/media/ffmpeg-run.ts';
import type { ArtworkMove } from '../../../../src/providers/local/shot-artwork.ts';
import { avatarFrameBox, avatarFrameGraph } from '../../../../src/providers/local/shot-avatar.ts';
import { makeWorkDir, runTool } from '../../../fixtures/make-media.ts';

/**
 * The avatar's round frame, drawn by the real ffmpeg at a small size over a flat grey picture, and
 * read back as RGB: where the avatar's red is, how big, and where it moves with the camera.
 */

const [WIDTH, HEIGHT, SECONDS] = [180, 320, 2];
const FRAME_BYTES = WIDTH * HEIGHT * 3;
const box = avatarFrameBox(WIDTH, HEIGHT);
let work: Awaited<ReturnType<typeof makeWorkDir>>;
let redAvatar: string;
beforeAll(async () => {
  work = await makeWorkDir();
  redAvatar = join(work.path, 'red.png');
  await runTool('ffmpeg', ['-v', 'error', '-y', '-filter_complex', 'color=c=red:s=300x400:d=1,format=rgb24[v]', '-map', '[v]', '-frames:v', '1', '-update', '1', redAvatar]);
});
afterAll(() => work.remove());

/** Every frame of the shot as RGB24, drawn over flat grey (with the avatar, or the grey alone). */
async function renderFrames(move: ArtworkMove, withAvatar: boolean): Promise<Buffer[]> {
  const outputPath = join(work.path, `${move}-${withAvatar}.rgb`);
  const grey = `color=c=0x404040:s=${WIDTH}x${HEIGHT}:r=${OUTPUT_FPS}:d=${SECONDS},format=yuv420p[pic]`;
  const graph = withAvatar ? [grey, avatarFrameGraph({ width: WIDTH, height: HEIGHT, seconds: SECONDS, mood: 'calm', move, ringColour: '#ffffff', from: 'pic', to: 'out' })] : [grey, '[pic]null[out]'];
  await runFfmpeg('ffmpeg', {
    inputs: withAvatar ? [{ path: redAvatar }] : [],
    filterGraph: [...graph, '[out]format=rgb24[v]'].join(';\n'),
    outputOptions: ['-map', '[v]', '-t', String(SECONDS), '-f', 'rawvideo'],
    outputPath,
    durationSeconds: SECONDS,
  });
  const bytes = await readFile(outputPath);
  return Array.from({ length: Math.floor(bytes.length / FRAME_BYTES) }, (_, index) => bytes.subarray(index * FRAME_BYTES, (index + 1) * FRAME_BYTES));
}

const pixel = (frame: Buffer, x: number, y: number): [number, number, number] => {
  const offset = (Math.round(y) * WIDTH + Math.round(x)) * 3;
  return [frame[offset] ?? 0, frame[offset + 1] ?? 0, frame[offset + 2] ?? 0];
};
const isRed = ([r, g, b]: [number, number, number]): boolean => r > 150 && g < 90 && b < 90;

/** The avatar's red pixels: how many, and their centre. */
function redArea(frame: Buffer): { count: number; x: number; y: number } {
  let [count, sumX, sumY] = [0, 0, 0];
  for (let y = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      if (!isRed(pixel(frame, x, y))) continue;
      count += 1;
      sumX += x;
      sumY += y;
    }
  }
  return { count, x: sumX / Math.max(1, count), y: sumY / Math.max(1, count) };
}

describe('the avatar in a round frame', () => {
  it('shows the avatar as a disc in a light ring where the frame sits, and grey there without it', async () => {
    const [[framed], [plain]] = await Promise.all([renderFrames('drift', true), renderFrames('drift', false)]);
    if (!framed || !plain) throw new Error('no frames rendered');
    // Drift starts a little left of centre: sample around the disc's centre at t = 0.
    const { x: centreX, y: centreY, count } = redArea(framed);
    const radius = box.diameter / 2;
    expect(Math.abs(centreY - box.centreY)).toBeLessThan(2);
    expect(isRed(pixel(framed, centreX, centreY))).toBe(true);
    expect(isRed(pixel(plain, centreX, centreY))).toBe(false);
    // A disc, not the square picture: its area is π r², and the square's corner is not red.
    expect(count / (Math.PI * radius * radius)).toBeGreaterThan(0.85);
    expect(count / (Math.PI * radius * radius)).toBeLessThan(1.1);
    expect(isRed(pixel(framed, centreX - radius * 0.85, centreY - radius * 0.85))).toBe(false);
    // The ring just outside the disc is light; the grey picture there is not.
    const ring = pixel(framed, centreX, centreY - radius - 1);
    expect(Math.min(...ring)).toBeGreaterThan(180);
  });

  it('moves with the camera: a push-in grows the disc, a tilt raises it, a drift slides it, a handheld shake jitters it', async () => {
    const [pushIn, tilt, drift, handheld] = await Promise.all((['push-in', 'tilt', 'drift', 'handheld'] as const).map((move) => renderFrames(move, true)));
    const ends = (frames: Buffer[] | undefined) => {
      const [first, last] = [frames?.[0], frames?.at(-1)];
      if (!first || !last) throw new Error('no frames rendered');
      return [redArea(first), redArea(last)] as const;
    };
    const [pushFrom, pushTo] = ends(pushIn);
    expect(pushTo.count / pushFrom.count).toBeGreaterThan(1.2);
    const [tiltFrom, tiltTo] = ends(tilt);
    expect(tiltFrom.y - tiltTo.y).toBeGreaterThan(HEIGHT * 0.04);
    const [driftFrom, driftTo] = ends(drift);
    expect(driftTo.x - driftFrom.x).toBeGreaterThan(WIDTH * 0.05);
    const centres = (handheld ?? []).map((frame) => redArea(frame).x);
    expect(Math.max(...centres) - Math.min(...centres)).toBeGreaterThan(WIDTH * 0.01);
  });
});
