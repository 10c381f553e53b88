import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deletePrefix } from '../../src/queue/redis-connection.ts';
import { startFakeFal } from '../fakes/fake-fal.ts';
import { makeClip } from '../fixtures/make-media.ts';
import { runCli } from '../helpers/run-cli.ts';
import { REDIS_URL } from '../helpers/test-reverie.ts';
import { falProcessEnv } from '../helpers/fal-process-env.ts';

/**
 * Issue #14's provider drill: fal answers every create with 429 for a minute, with and without a
 * retry-after, then recovers. Reverie pauses the model's queue for the retry-after (or its own
 * default) instead of hammering fal, and delivers every request afterwards; a 429 created
 * nothing, so the creates that succeeded are exactly one per shot. Both drills run at once, so
 * their minutes overlap.
 */

const WINDOW_MS = 60_000;
const REQUESTS = 2;
/** render-step.ts pauses this long after a 429 that names no retry-after. */
const DEFAULT_PAUSE_MS = 15_000;
let dir = '';
let clipPath = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-drill-429-'));
  clipPath = await makeClip(join(dir, 'fal.mp4'), { width: 180, height: 320, seconds: 3 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it.concurrent.each([
  { label: 'with retry-after: 10', retryAfterSeconds: 10 },
  { label: 'without retry-after', retryAfterSeconds: null },
])(
  'fal answering 429 for a minute ($label): the queue pauses, then every request is delivered, each shot created once',
  async ({ retryAfterSeconds }) => {
    const fal = await startFakeFal({ videoPath: clipPath });
    const prefix = `test-drill-429-${randomBytes(4).toString('hex')}`;
    try {
      const until = Date.now() + WINDOW_MS;
      fal.rateLimitUntil(until, retryAfterSeconds);
      const lines = Array.from({ length: REQUESTS }, (_, index) => `a 3 second short about a kite number ${index + 1}\n`).join('');
      const env = {
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        DATA_DIR: join(dir, prefix),
        ...falProcessEnv(fal),
        WORKER_CONCURRENCY: '2',
      };
      const run = await runCli('src/main.ts', [], { env, stdin: lines, timeoutMs: WINDOW_MS + 90_000 });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.code, output).toBe(0);
      const saved = [...run.stdout.matchAll(/Saved (.+\.mp4)/g)].map((match) => match[1]);
      expect(new Set(saved).size, output).toBe(REQUESTS);
      expect(run.stdout).not.toContain('✖');

      // The minute of 429s was met and outlasted. A job has 3 attempts 2 s and 4 s apart, so only the
      // queue's pause gets it through a minute; and paused, it asked again about once per pause, not
      // in a loop: at most one create per job and pause, plus the first.
      const pauseMs = (retryAfterSeconds ?? DEFAULT_PAUSE_MS / 1000) * 1000;
      expect(fal.rateLimited.length).toBeGreaterThanOrEqual(1);
      expect(fal.rateLimited.length).toBeLessThanOrEqual(REQUESTS * (Math.ceil(WINDOW_MS / pauseMs) + 1));
      // Every create that went through came after the window, one per shot, each run to its end.
      const created = fal.calls('submit').filter((request) => request.at >= until);
      expect(created).toHaveLength(REQUESTS);
      expect(fal.submitted.size).toBe(REQUESTS);
      expect([...fal.submitted.values()].every((record) => record.completed)).toBe(true);
    } finally {
      await fal.close();
      await deletePrefix(REDIS_URL, prefix);
    }
  },
  WINDOW_MS + 120_000,
);
