import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegError, runFfmpeg, timemarkToSeconds } from '../../../src/media/ffmpeg-run.ts';
import { resolveMediaTools } from '../../../src/media/media-tools.ts';
import { makeWorkDir } from '../../fixtures/make-media.ts';

const { ffmpegPath } = resolveMediaTools();
let work: Awaited<ReturnType<typeof makeWorkDir>>;
beforeAll(async () => {
  work = await makeWorkDir();
});
afterAll(() => work.remove());

/** A graph made only of generated sources: no -f lavfi input, so it also works on ffmpeg 7. */
const toneJob = (seconds: number, outputPath: string) => ({
  inputs: [],
  filterGraph: `color=c=0x203040:s=320x240:r=24:d=${seconds}[v];sine=f=330:r=48000:d=${seconds}[a]`,
  outputOptions: ['-map', '[v]', '-map', '[a]', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac'],
  outputPath,
  durationSeconds: seconds,
});

describe('runFfmpeg', () => {
  it('reports whole, increasing percents from the timemark, ending at 100', async () => {
    const reports: number[] = [];
    await runFfmpeg(ffmpegPath, toneJob(4, join(work.path, 'tone.mp4')), { onProgress: (percent) => reports.push(percent) });
    expect((await stat(join(work.path, 'tone.mp4'))).size).toBeGreaterThan(0);
    expect(reports.at(-1)).toBe(100);
    expect(reports.every((percent, index) => Number.isInteger(percent) && (index === 0 || percent > (reports[index - 1] ?? -1)))).toBe(true);
  });

  it('kills ffmpeg on abort and rejects with the abort reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = runFfmpeg(ffmpegPath, toneJob(600, join(work.path, 'long.mp4')), {
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('user cancelled')),
    });
    await expect(run).rejects.toThrow('user cancelled');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects at once when already aborted', async () => {
    await expect(runFfmpeg(ffmpegPath, toneJob(1, join(work.path, 'never.mp4')), { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('turns a non-zero exit into an FfmpegError carrying the tail of stderr', async () => {
    const error = await runFfmpeg(ffmpegPath, {
      inputs: [{ path: join(work.path, 'missing.mp4') }],
      outputOptions: ['-c', 'copy'],
      outputPath: join(work.path, 'out.mp4'),
      durationSeconds: 1,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FfmpegError);
    expect((error as FfmpegError).stderrTail).toMatch(/No such file or directory/);
    expect((error as FfmpegError).stderrTail.length).toBeLessThanOrEqual(2049);
  });

  it.each([
    ['00:00:01.50', 1.5],
    ['01:02:03.04', 3723.04],
    ['-00:00:00.02', 0],
    ['N/A', null],
    [undefined, null],
  ])('timemark %s → %s', (timemark, seconds) => {
    expect(timemarkToSeconds(timemark)).toBe(seconds);
  });
});
