/**
 * Soak: N requests (default 1,000) through the real pipeline (real Redis and BullMQ, offline
 * planner) with a model that finishes at once and media faked, counting every delivery: none may
 * be lost (no clip, no failure), none duplicated, and memory should end where it started.
 * Run: node bench/soak-bench.ts [requests]
 */
import { createFakeMedia, createFakeProvider } from '../tests/helpers/fake-ports.ts';
import { report } from './bench-report.ts';
import { startBenchPipeline } from './bench-pipeline.ts';

const REQUESTS = Math.max(1, Number(process.argv[2] ?? 1_000) || 1_000);
const BATCH = 50;
const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

const provider = createFakeProvider();
const pipeline = await startBenchPipeline({}, { providers: new Map([[provider.id, provider]]), media: createFakeMedia() });
const ids: string[] = [];
let start = process.memoryUsage();
let end: NodeJS.MemoryUsage;
const started = performance.now();
try {
  // The first batch warms up (JIT, connections); memory is measured from its end.
  for (let sent = 0; sent < REQUESTS; sent += BATCH) {
    const batch = await Promise.all(Array.from({ length: Math.min(BATCH, REQUESTS - sent) }, () => pipeline.submit()));
    ids.push(...batch);
    await pipeline.port.settled(batch, 120_000);
    if (sent === 0) start = process.memoryUsage();
  }
  // Deliveries that might still come twice get a moment to show up before counting.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  end = process.memoryUsage();
} finally {
  await pipeline.stop();
}
const seconds = (performance.now() - started) / 1000;
const { clipsOf, failuresOf } = pipeline.port;
const lost = ids.filter((id) => !clipsOf.has(id) && !failuresOf.has(id)).length;
const duplicated = ids.filter((id) => (clipsOf.get(id) ?? 0) + (failuresOf.get(id) ?? 0) > 1).length;
const failed = ids.filter((id) => failuresOf.has(id)).length;
const growth = mb(end.rss - start.rss);
report(
  'soak',
  [
    { name: `soak ${REQUESTS} requests: lost`, value: lost, unit: '', baseline: null, target: '0', pass: lost === 0 },
    { name: `soak ${REQUESTS} requests: duplicated`, value: duplicated, unit: '', baseline: null, target: '0', pass: duplicated === 0 },
    { name: `soak ${REQUESTS} requests: failed`, value: failed, unit: '', baseline: null, target: '0', pass: failed === 0 },
    {
      name: 'soak RSS growth after warm-up',
      value: growth,
      unit: 'MB',
      baseline: mb(start.rss),
      target: null,
      pass: null,
      note: `RSS ${mb(start.rss)} → ${mb(end.rss)} MB, heap used ${mb(start.heapUsed)} → ${mb(end.heapUsed)} MB; ${seconds.toFixed(1)} s (${(REQUESTS / seconds).toFixed(1)} requests/s)`,
    },
  ],
  { requests: REQUESTS, batch: BATCH, seconds: Number(seconds.toFixed(1)), memoryStart: start, memoryEnd: end },
);
