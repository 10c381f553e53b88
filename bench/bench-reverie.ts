import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createReverie, type Reverie, type ReverieOverrides } from '../src/app/create-reverie.ts';
import { parseConfig } from '../src/config/load-config.ts';
import { createLogger } from '../src/log/logger.ts';
import { deletePrefix } from '../src/queue/redis-connection.ts';

export interface BenchReverie {
  reverie: Reverie;
  stop(): Promise<void>;
}

/**
 * A Reverie on the real Redis under a private key prefix and tmp data dir, logging nothing: a
 * captured debug log (as the tests keep) would itself cost time and memory in the figures.
 */
export async function startBenchReverie(env: Record<string, string> = {}, overrides: ReverieOverrides = {}): Promise<BenchReverie> {
  const prefix = `bench-${randomBytes(5).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-bench-'));
  const config = parseConfig({ QUEUE_PREFIX: prefix, DATA_DIR: dataDir, ...env });
  const logger = createLogger({ level: 'silent', secrets: [], destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  const reverie = await createReverie(config, logger, overrides);
  return {
    reverie,
    async stop() {
      await reverie.stop();
      await deletePrefix(config.REDIS_URL, prefix);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
