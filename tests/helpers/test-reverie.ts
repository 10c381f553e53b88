import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createReverie, type Reverie, type ReverieOverrides } from '../../src/app/create-reverie.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/log/logger.ts';
import { deletePrefix } from '../../src/queue/redis-connection.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestReverie {
  reverie: Reverie;
  dataDir: string;
  prefix: string;
  logs: string[];
  cleanup(): Promise<void>;
}

/** A Reverie on real Redis with its own key prefix and data dir; logs are captured, not printed. */
export async function startTestReverie(env: Record<string, string> = {}, overrides: ReverieOverrides = {}): Promise<TestReverie> {
  const prefix = `test-${randomBytes(5).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-test-'));
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = parseConfig({ REDIS_URL, QUEUE_PREFIX: prefix, DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...env });
  const logger = createLogger({ level: 'debug', secrets: [], destination });
  const reverie = await createReverie(config, logger, overrides);
  return {
    reverie,
    dataDir,
    prefix,
    logs,
    async cleanup() {
      await reverie.stop();
      await deletePrefix(REDIS_URL, prefix);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
