import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ffprobe, runCli } from '../../helpers/run-cli.ts';
import { spawnMain } from '../../helpers/spawn-main.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';

it('scales out: ROLE=worker renders what a ROLE=adapter process accepted, through one Redis', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-roles-'));
  const env = { REDIS_URL, QUEUE_PREFIX: `test-roles-${randomBytes(4).toString('hex')}`, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const worker = spawnMain({ ...env, ROLE: 'worker' });
  try {
    const adapter = await runCli('src/main.ts', [], { env: { ...env, ROLE: 'adapter' }, stdin: 'a 3 second short about a paper lantern\n', timeoutMs: 90_000 });
    expect(adapter.code, adapter.stderr).toBe(0);
    const saved = /Saved (.+\.mp4)/.exec(adapter.stdout)?.[1];
    expect(saved, adapter.stdout).toBeTruthy();
    expect((await ffprobe(saved ?? '')).video?.codec).toBe('h264');
  } finally {
    expect(await worker.stop()).toBe(0);
    await rm(dataDir, { recursive: true, force: true });
  }
}, 120_000);
