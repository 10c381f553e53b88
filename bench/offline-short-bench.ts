/**
 * The offline short as a user waits for it: one 15 s 720×1280 request through the real pipeline
 * (offline planner, Redis queues, the local renderer's shots, voice, crossfades, subtitles,
 * loudness, fit, thumbnail), from submit to the posted clip, as × real time. The box is shared,
 * so the ffmpeg and voice CPU time is reported too: CPU-seconds over the cores' seconds is what
 * the wall figure would be with nothing else running. Run: node bench/offline-short-bench.ts
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { startBenchPipeline } from './bench-pipeline.ts';
import { report } from './bench-report.ts';

const SECONDS = 15;
const SENTENCE = 'a snail crossing a leaf, vertical';
const SCRIPT = 'Slow and steady, the snail crosses the leaf. Every inch is an adventure. Home is wherever it goes.';
/** Linux's USER_HZ: /proc reports CPU times in these ticks. */
const TICKS_PER_SECOND = 100;

/** CPU-seconds used by this process's finished children (ffmpeg, espeak-ng), or null off Linux. */
function childCpuSeconds(): number | null {
  try {
    // Fields after the command name (which may hold spaces): cutime and cstime are the 14th and 15th.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

const pipeline = await startBenchPipeline({ WORKER_CONCURRENCY: '2' }, {});
try {
  const cpuBefore = childCpuSeconds();
  const started = performance.now();
  const id = await pipeline.submit(SENTENCE, { seconds: SECONDS, script: SCRIPT });
  await pipeline.port.settled([id], 600_000);
  if (!pipeline.port.clipsOf.has(id)) throw new Error('the offline short failed; see the worker log');
  const factor = (performance.now() - started) / 1000 / SECONDS;
  const cpuAfter = childCpuSeconds();
  const cpuFactor = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / availableParallelism() / SECONDS;
  report('offline-short', [
    { name: 'offline short 15 s 720×1280, submit to clip', value: Number(factor.toFixed(2)), unit: '× real time', baseline: null, target: '< 1 × real time', pass: factor < 1 },
    ...(cpuFactor === null
      ? []
      : [
          {
            name: 'its ffmpeg + voice CPU over the cores',
            value: Number(cpuFactor.toFixed(2)),
            unit: '× real time',
            baseline: null,
            target: null,
            pass: null,
            note: `${(cpuFactor * availableParallelism() * SECONDS).toFixed(1)} CPU-s on ${availableParallelism()} cores: the wall figure on an idle box`,
          },
        ]),
  ]);
} finally {
  await pipeline.stop();
}
