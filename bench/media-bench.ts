/**
 * Media benchmark: wall seconds per operation on this machine, with the real ffmpeg.
 * Run: node bench/media-bench.ts [runs]   (default 1 run; with more, the median is printed)
 * Inputs are generated into a tmp dir (removed at the end), like the tests.
 */
import { execFileSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createMedia } from '../src/media/create-media.ts';
import { frameSizeForAspect } from '../src/media/frame-size.ts';
import { subtitleCuesForScript } from '../src/media/subtitle-cues.ts';
import { createLocalVideoProvider } from '../src/providers/local/local-video-provider.ts';
import { makeClip, makeWorkDir, samplePlan } from '../tests/fixtures/make-media.ts';

const runs = Math.max(1, Number(process.argv[2] ?? 1) || 1);
const DISCORD_BUDGET = 9_961_472;
const FADE_SECONDS = 0.3;

const media = createMedia();
const provider = createLocalVideoProvider({ media });
const work = await makeWorkDir();

async function time(label: string, operation: () => Promise<string>): Promise<void> {
  const seconds: number[] = [];
  let note = '';
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    note = await operation();
    seconds.push((performance.now() - started) / 1000);
  }
  seconds.sort((a, b) => a - b);
  const median = seconds[Math.floor(seconds.length / 2)] ?? 0;
  console.log(`${label.padEnd(46)} ${median.toFixed(2).padStart(6)} s   ${note}`);
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

try {
  const version = execFileSync(process.env.FFMPEG_PATH || 'ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n', 1)[0];
  console.log(
    `${version}; ${availableParallelism()} CPUs; load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}; ${runs} run(s)\n`,
  );

  const plan = samplePlan({
    mood: 'warm',
    aspectRatio: '9:16',
    script: '新年快乐！愿你在新的一年里心想事成，身体健康。Happy new year to you and your family!',
    shots: [
      { seconds: 5, onScreenText: '灯笼升起' },
      { seconds: 5, onScreenText: '愿望成真' },
      { seconds: 5, onScreenText: 'Happy new year' },
    ],
  });
  const { width, height } = frameSizeForAspect(plan.aspectRatio);
  // Each shot carries its share of the crossfade overlap so the short comes out at 15 s.
  const shotSeconds = (index: number): number => (plan.shots[index]?.seconds ?? 0) + (FADE_SECONDS * (plan.shots.length - 1)) / plan.shots.length;
  const shortPath = join(work.path, 'short.mp4');
  const shotPaths: string[] = [];

  await time('local storyboard 3 shots 9:16 15 s (render)', async () => {
    const perShot: string[] = [];
    shotPaths.length = 0;
    for (const [shotIndex] of plan.shots.entries()) {
      const started = performance.now();
      const handle = await provider.start({ plan, shotIndex, avatar: null, workDir: work.path, seconds: shotSeconds(shotIndex), previous: null, instruction: null });
      perShot.push(((performance.now() - started) / 1000).toFixed(2));
      shotPaths.push(handle.operationId);
    }
    return `per shot ${perShot.join(' / ')} s`;
  });
  await time('  + assemble (xfade 0.3 s, subtitles)', async () => {
    const probe = await media.assemble({
      shotPaths,
      outputPath: shortPath,
      width,
      height,
      fadeSeconds: FADE_SECONDS,
      subtitles: subtitleCuesForScript(plan.script, plan.totalSeconds),
    });
    return `${probe.durationSeconds.toFixed(2)} s, ${mib(probe.sizeBytes)}`;
  });

  const bigClip = await makeClip(join(work.path, 'big.mp4'), { width: 720, height: 1280, seconds: 8, noisy: true, videoBitrate: '15M' });
  const bigBytes = (await stat(bigClip)).size;
  await time(`fit ${mib(bigBytes)} 8 s 720p → 9.5 MiB (encode)`, async () => {
    const result = await media.fitToLimit(bigClip, join(work.path, 'fitted.mp4'), DISCORD_BUDGET);
    return `${result.method}, ${mib(result.sizeBytes)}`;
  });
  await time('fit the 15 s short → 9.5 MiB (stream copy)', async () => {
    const result = await media.fitToLimit(shortPath, join(work.path, 'short-fitted.mp4'), DISCORD_BUDGET);
    return `${result.method}, ${mib(result.sizeBytes)}`;
  });
  await time('thumbnail ≤ 320 px, ≤ 200 kB', async () => {
    const thumbPath = join(work.path, 'thumb.jpg');
    await media.thumbnail(shortPath, thumbPath, { maxSide: 320, maxBytes: 200_000 });
    return `${((await stat(thumbPath)).size / 1000).toFixed(1)} kB`;
  });
} finally {
  await work.remove();
}
