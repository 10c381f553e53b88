import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedia } from '../../../src/media/create-media.ts';
import { MAX_VOICE_TEMPO, voiceTempo } from '../../../src/media/voice-mix.ts';
import { makeClip, makeSpeechLike, makeWorkDir, measureLoudness, runTool } from '../../fixtures/make-media.ts';

const media = createMedia();
let work: Awaited<ReturnType<typeof makeWorkDir>>;
beforeAll(async () => {
  work = await makeWorkDir();
});
afterAll(() => work.remove());

/** The shots' bed is a 440 Hz tone and the voice sits at 180/540 Hz: a narrow band-pass hears the bed alone. */
const BED_ONLY = 'bandpass=f=440:width_type=q:w=20,bandpass=f=440:width_type=q:w=20,';

/** Mean level (dBFS) of the clip's audio between two times, optionally through a filter first. */
async function meanDb(path: string, from: number, to: number, filter = ''): Promise<number> {
  const { stderr } = await runTool('ffmpeg', [
    '-hide_banner',
    '-nostats',
    '-ss',
    String(from),
    '-t',
    String(to - from),
    '-i',
    path,
    '-map',
    '0:a:0',
    '-af',
    `${filter}volumedetect`,
    '-f',
    'null',
    '-',
  ]);
  return Number(/mean_volume:\s*(-?[\d.]+) dB/.exec(stderr)?.[1]);
}

describe('voice over the shots', () => {
  it('places each line at its start, ducks the shots’ sound under it, and levels the short to −14 LUFS, ≤ −1 dBTP', async () => {
    // Two 3 s shots with a steady 440 Hz bed; one 1.2 s line in each shot.
    const shots = await Promise.all([0, 1].map((index) => makeClip(join(work.path, `bed-${index}.mp4`), { width: 320, height: 568, seconds: 3 })));
    const lines = await Promise.all([0, 1].map((index) => makeSpeechLike(join(work.path, `line-${index}.wav`), 1.2).then(() => join(work.path, `line-${index}.wav`))));
    const assembled = join(work.path, 'voiced.mp4');
    await media.assemble({
      shotPaths: shots,
      outputPath: assembled,
      width: 320,
      height: 568,
      fadeSeconds: 0.3,
      subtitles: [],
      voice: [
        { path: lines[0]!, startSeconds: 0.3, maxSeconds: 2.4 },
        { path: lines[1]!, startSeconds: 3.3, maxSeconds: 2.4 },
      ],
    });
    const plain = join(work.path, 'plain.mp4');
    await media.assemble({ shotPaths: shots, outputPath: plain, width: 320, height: 568, fadeSeconds: 0.3, subtitles: [] });

    // During a line the voice rises above the bed; between the lines only the bed plays.
    const lineVoiced = await meanDb(assembled, 0.5, 1.3);
    const gapVoiced = await meanDb(assembled, 2.2, 2.9);
    expect(lineVoiced - gapVoiced).toBeGreaterThan(3);
    expect((await meanDb(assembled, 3.5, 4.3)) - gapVoiced).toBeGreaterThan(3);
    // Ducking: under a line the bed itself is turned down, and between lines it is back.
    const bedUnderLine = await meanDb(assembled, 0.6, 1.3, BED_ONLY);
    const bedPlain = await meanDb(plain, 0.6, 1.3, BED_ONLY);
    expect(bedPlain - bedUnderLine).toBeGreaterThan(4);
    expect(Math.abs((await meanDb(assembled, 2.4, 2.9, BED_ONLY)) - (await meanDb(plain, 2.4, 2.9, BED_ONLY)))).toBeLessThan(2);

    const levelled = join(work.path, 'levelled.mp4');
    const result = await media.normalizeLoudness(assembled, levelled);
    expect(result.inputLufs).not.toBeNull();
    const loudness = await measureLoudness(levelled);
    expect(loudness.integratedLufs).toBeGreaterThanOrEqual(-15);
    expect(loudness.integratedLufs).toBeLessThanOrEqual(-13);
    expect(loudness.truePeakDb).toBeLessThanOrEqual(-1);
    const probe = await media.probe(levelled);
    expect(probe.video?.codec).toBe('h264');
    expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(Math.abs(probe.durationSeconds - 5.7)).toBeLessThan(0.15);
  }, 150_000);

  it('leaves a silent short as it is (nothing to level) and a line too long for its shot sped up at most 1.3×', async () => {
    const silent = await makeClip(join(work.path, 'silent.mp4'), { width: 320, height: 568, seconds: 2, audio: false });
    const assembled = join(work.path, 'silent-assembled.mp4');
    await media.assemble({ shotPaths: [silent], outputPath: assembled, width: 320, height: 568, fadeSeconds: 0, subtitles: [] });
    const result = await media.normalizeLoudness(assembled, join(work.path, 'silent-levelled.mp4'));
    expect(result).toEqual({ inputLufs: null, gainDb: 0 });

    expect(voiceTempo(1, 2)).toBe(1);
    expect(voiceTempo(2.4, 2)).toBeCloseTo(1.2, 6);
    expect(voiceTempo(6, 2)).toBe(MAX_VOICE_TEMPO);
  });
});
