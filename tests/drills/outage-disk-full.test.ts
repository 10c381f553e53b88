import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { translate } from '../../src/i18n/messages.ts';
import { deletePrefix } from '../../src/queue/redis-connection.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTestDatabaseUrl } from '../helpers/test-database.ts';
import { REDIS_URL } from '../helpers/test-reverie.ts';
import { mountTinyDisk } from '../helpers/tiny-disk.ts';
import { waitUntil } from '../helpers/wait-until.ts';

/**
 * Issue #14's disk drill: DATA_DIR on a tiny tmpfs that is full. The render step's failure is
 * known as a full disk and retried with backoff; with the disk still full the user gets a plain
 * translated sentence (no stack trace), with space freed in between the short is delivered, and
 * either way no file of the request is left in the work dir. The record is on PostgreSQL, so
 * only the working files meet the full disk.
 */

const disk = await mountTinyDisk(32);
const skipped = 'skipped' in disk ? disk.skipped : null;
/** Shown in the test's name when it is skipped, so the report says why. */
const why = skipped === null ? '' : ` (skipped: ${skipped})`;

afterAll(async () => {
  if (!('skipped' in disk)) await disk.unmount();
});

/** A terminal run of Reverie on the tiny disk with the offline planner and renderer; `during` runs while it does. */
async function makeShortOnDisk(during: (prefix: string) => Promise<void>): Promise<{ stdout: string; stderr: string; code: number | null }> {
  if ('skipped' in disk) throw new Error(disk.skipped);
  const prefix = `test-drill-disk-${randomBytes(4).toString('hex')}`;
  const database = await createTestDatabaseUrl();
  try {
    const env = { REDIS_URL, QUEUE_PREFIX: prefix, DATA_DIR: disk.path, DATABASE_URL: database.url, LOG_LEVEL: 'warn', PLANNER: 'offline', VOICE: 'off', VIDEO_PROVIDER: 'local', LANG: 'en_US.UTF-8' };
    const run = runCli('src/main.ts', [], { env, stdin: 'a 3 second short about a paper boat\n', timeoutMs: 120_000 });
    await during(prefix);
    return await run;
  } finally {
    await deletePrefix(REDIS_URL, prefix);
    await database.drop();
  }
}

/** The render job's attempts so far (BullMQ's `atm`): 1 means the first one failed and a retry waits. */
async function renderAttemptsMade(prefix: string): Promise<number> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const [key] = await client.keys(`${prefix}:render-local:console-*-render`);
    return key ? Number((await client.hget(key, 'atm')) ?? 0) : 0;
  } finally {
    client.disconnect();
  }
}

const retriesOnFullDisk = (stderr: string) => stderr.split('\n').filter((line) => line.includes('"msg":"step-retry"') && line.includes('"kind":"disk-full"')).length;

it.skipIf(skipped !== null)(
  `a disk that stays full: retried, then a clear message, and nothing left in the work dir${why}`,
  async () => {
    if ('skipped' in disk) return;
    await disk.fill();
    try {
      const run = await makeShortOnDisk(async () => undefined);
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.code, output).toBe(0);
      expect(run.stdout, output).toContain(`✖ ${translate('en', 'error.disk-full')}`);
      expect(run.stdout).not.toMatch(/Saved|ENOSPC|Error:|\n\s+at /);
      // Three attempts, two of them retries, each known as a full disk.
      expect(retriesOnFullDisk(run.stderr), output).toBe(2);
      expect(await disk.leftovers('work')).toEqual([]);
    } finally {
      await disk.free();
    }
  },
  150_000,
);

it.skipIf(skipped !== null)(
  `a disk freed while the step waits to retry: the short is delivered, nothing left in the work dir${why}`,
  async () => {
    if ('skipped' in disk) return;
    await disk.fill();
    try {
      const run = await makeShortOnDisk(async (prefix) => {
        await waitUntil(async () => ((await renderAttemptsMade(prefix)) >= 1 ? true : null), 'the first render attempt to fail', 60_000);
        await disk.free();
      });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.code, output).toBe(0);
      expect(retriesOnFullDisk(run.stderr), output).toBeGreaterThanOrEqual(1);
      expect(run.stdout, output).toMatch(/Saved .+\.mp4/);
      expect(run.stdout).not.toContain('✖');
      expect(await disk.leftovers('work')).toEqual([]);
    } finally {
      await disk.free();
    }
  },
  150_000,
);
