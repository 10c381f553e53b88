/**
 * Provider-slot utilisation: a fake model limited to N = 2 concurrent operations (a 429 with
 * Retry-After beyond that), 20 requests submitted at once through the real pipeline (real Redis,
 * BullMQ, offline planner; media faked: ffmpeg is not what this measures). Busy fraction =
 * Σ busy slot-time / (N × wall time while work waits). Run: node bench/slot-bench.ts
 */
import { report } from './bench-report.ts';
import { startBenchPipeline } from './bench-pipeline.ts';
import { busyFraction, createSlotLimitedProvider } from './slot-limited-provider.ts';
import { createFakeMedia } from '../tests/helpers/fake-ports.ts';

const SLOTS = 2;
const REQUESTS = 20;
const OPERATION_MS = 3_000;
const POLL_INTERVAL_MS = 250;
const TARGET = 0.95;

const limited = createSlotLimitedProvider({ slots: SLOTS, operationMs: OPERATION_MS, pollIntervalMs: POLL_INTERVAL_MS });
const pipeline = await startBenchPipeline({}, { providers: new Map([[limited.provider.id, limited.provider]]), media: createFakeMedia() });
let result: ReturnType<typeof busyFraction>;
const started = performance.now();
try {
  const ids = await Promise.all(Array.from({ length: REQUESTS }, () => pipeline.submit()));
  await pipeline.port.settled(ids, 300_000);
  const failed = ids.filter((id) => pipeline.port.failuresOf.has(id)).length;
  if (failed > 0) throw new Error(`${failed} of ${REQUESTS} requests failed`);
  result = busyFraction(limited.busy, SLOTS);
} finally {
  await pipeline.stop();
}
const wallMs = performance.now() - started;
const ideal = (limited.busy.length * OPERATION_MS) / SLOTS;
report(
  'slots',
  [
    {
      name: `provider slots busy while work waits (N=${SLOTS})`,
      value: Number((result.fraction * 100).toFixed(1)),
      unit: '%',
      baseline: null,
      target: `≥ ${TARGET * 100} %`,
      pass: result.fraction >= TARGET,
      note: `${limited.busy.length} creates of ${OPERATION_MS} ms over ${(result.windowMs / 1000).toFixed(1)} s waiting; ${limited.refusals} creates refused 429; all ${REQUESTS} done in ${(wallMs / 1000).toFixed(1)} s (ideal ${(ideal / 1000).toFixed(1)} s)`,
    },
  ],
  { slots: SLOTS, requests: REQUESTS, operationMs: OPERATION_MS, pollIntervalMs: POLL_INTERVAL_MS, creates: limited.busy.length, refusals: limited.refusals, wallMs: Math.round(wallMs) },
);
