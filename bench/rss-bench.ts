/**
 * Worker RSS at 10 concurrent jobs: WORKER_CONCURRENCY=10, ten requests at once on a fake model
 * with ten slots whose operations "generate" a real 720×1280 4 s clip, then the real finishing
 * (ffmpeg assemble, loudness, thumbnail; ffmpeg runs in child processes, not counted) and delivery
 * through the real media store. process.memoryUsage().rss is sampled every 50 ms; the baseline is
 * the same process idle with its workers started. Run: node bench/rss-bench.ts
 */
import { join } from 'node:path';
import { makeClip, makeWorkDir } from '../tests/fixtures/make-media.ts';
import { report } from './bench-report.ts';
import { startBenchPipeline } from './bench-pipeline.ts';
import { createSlotLimitedProvider } from './slot-limited-provider.ts';

const JOBS = 10;
const TARGET_MB = 250;
const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

const work = await makeWorkDir();
const clipPath = await makeClip(join(work.path, 'generated.mp4'), { width: 720, height: 1280, seconds: 4, audio: true });
const limited = createSlotLimitedProvider({ slots: JOBS, operationMs: 2_000, pollIntervalMs: 250, clipPath });
const pipeline = await startBenchPipeline({ WORKER_CONCURRENCY: String(JOBS) }, { providers: new Map([[limited.provider.id, limited.provider]]) });
const samples: number[] = [];
// Let start-up settle (connections, migrations, first JIT) before taking the idle figure.
await new Promise((resolve) => setTimeout(resolve, 2_000));
const idle = process.memoryUsage().rss;
let sampler: NodeJS.Timeout | undefined;
try {
  sampler = setInterval(() => samples.push(process.memoryUsage().rss), 50);
  const ids = await Promise.all(Array.from({ length: JOBS }, () => pipeline.submit()));
  await pipeline.port.settled(ids, 300_000);
  const failed = ids.filter((id) => pipeline.port.failuresOf.has(id)).length;
  if (failed > 0) throw new Error(`${failed} of ${JOBS} requests failed`);
} finally {
  clearInterval(sampler);
  await pipeline.stop();
  await work.remove();
}
const peak = Math.max(...samples);
report(
  'rss',
  [
    {
      name: `worker RSS peak @ ${JOBS} concurrent jobs`,
      value: mb(peak),
      unit: 'MB',
      baseline: mb(idle),
      target: `≤ ${TARGET_MB} MB`,
      pass: peak / 1024 / 1024 <= TARGET_MB,
      note: `baseline = the same process idle with workers started; ${samples.length} samples; ${limited.busy.length} creates`,
    },
  ],
  { jobs: JOBS, samplesMb: samples.filter((_, index) => index % 10 === 0).map(mb) },
);
