import { startOpsServer, type OpsServerOptions, type RunningOpsServer } from '../../src/http/ops-server.ts';
import type { TestReverie } from './test-reverie.ts';

/** The one HTTP server of a test Reverie on a free loopback port; override what the test is about. */
export function serveOps(reverie: TestReverie['reverie'], overrides: Partial<OpsServerOptions> = {}): Promise<RunningOpsServer> {
  return startOpsServer({
    port: 0,
    host: '127.0.0.1',
    redis: reverie.context.redis,
    database: reverie.database,
    registry: reverie.metrics.registry,
    workers: () => reverie.workerHealth(),
    logger: reverie.context.logger,
    ...overrides,
  });
}
