import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleSession } from '../../../adapters/console/handle-input.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/** A terminal session's own delivery queue lives as long as the session. */

let harness: TestReverie | null = null;

afterEach(async () => {
  await harness?.cleanup();
  harness = null;
});

describe('console session', () => {
  it('removes its deliver-console-<session> keys from Redis when it closes', async () => {
    harness = await startTestReverie({ PLANNER: 'offline', VIDEO_PROVIDER: 'local' });
    harness.reverie.startWorkers();
    const output = new Writable({ write: (_chunk, _encoding, done) => done() });
    const session = startConsoleSession(harness.reverie.chat, output, { outDir: join(harness.dataDir, 'out') });
    const outcome = await session.create({ sentence: 'a calm 4 second short about the sea', referencedText: null, avatarPath: null, outPath: null });
    expect(outcome.status).toBe('done');
    const { redis } = harness.reverie.context;
    const pattern = `${harness.prefix}:deliver-console-*`;
    // The delivered job is kept in the session's queue while the session runs.
    expect(await redis.keys(pattern)).not.toEqual([]);

    await session.close();
    expect(await redis.keys(pattern)).toEqual([]);
  });
});
