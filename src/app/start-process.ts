import { loadConfig, secretValues } from '../config/load-config.ts';
import { ConfigError } from '../domain/errors.ts';
import type { Config } from '../config/config-schema.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { checkFfmpeg } from '../media/check-ffmpeg.ts';
import { startOpsServer } from '../http/ops-server.ts';
import { ownerRoute } from './owner-route.ts';
import { createFalWebhookListener, startFalWebhookServer } from '../webhooks/fal-webhook-server.ts';
import { createReverie, type Reverie } from './create-reverie.ts';

export interface RunningProcess {
  reverie: Reverie;
  logger: Logger;
  /** Closes adapters first (no new work), then workers (current jobs finish), then Redis. */
  stop(): Promise<void>;
  /** Adds something to close before the core on shutdown (an adapter). */
  onStop(close: () => Promise<void>): void;
}

/**
 * Past the workers' SHUTDOWN_GRACE_MS, this much is left to hand jobs back and close connections;
 * a stop that outlives both is cut short, as an orchestrator would SIGKILL soon after.
 */
const CLOSE_AFTER_GRACE_MS = 4_000;

/** The config, or one message naming each wrong setting and exit 78 (EX_CONFIG): never a stack trace. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    return exitOnConfigError(error);
  }
}

function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

/**
 * Start-up shared by `npm start` and `npm run make`: config parsed once, secrets redacted from
 * logs, ffmpeg checked before any job is taken, and a graceful stop on SIGTERM/SIGINT.
 */
export async function startProcess(options: { role?: Config['ROLE']; quietLogs?: boolean }): Promise<RunningProcess> {
  const config = loadConfigOrExit();
  const role = options.role ?? config.ROLE;
  const explicitLevel = process.env.LOG_LEVEL !== undefined;
  const logger = createLogger({
    level: options.quietLogs && !explicitLevel ? 'warn' : config.LOG_LEVEL,
    secrets: secretValues(config),
  });
  if (role !== 'adapter') await checkFfmpeg();
  // Settings checked against the model table (MODEL_CONCURRENCY, MODEL_RATE_LIMIT) fail here, with the same exit.
  const reverie = await createReverie(config, logger).catch(exitOnConfigError);
  if (role !== 'adapter') reverie.startWorkers();

  const closers: (() => Promise<void>)[] = [];
  // fal posts results here when PUBLIC_URL is set, so a submit whose answer was lost still lands.
  const falHooks =
    role !== 'adapter' && config.PUBLIC_URL && config.FAL_KEY
      ? { port: config.WEBHOOK_PORT, redis: reverie.context.redis, prefix: config.QUEUE_PREFIX, jwksUrl: config.FAL_JWKS_URL, falUserId: config.FAL_USER_ID, logger }
      : null;
  // WEBHOOK_PORT equal to HTTP_PORT: one server for everything, the receiver mounted at /hooks/fal.
  const hooksJoinHttp = falHooks !== null && config.HTTP_PORT === config.WEBHOOK_PORT;
  if (falHooks && !hooksJoinHttp) closers.push((await startFalWebhookServer(falHooks)).close);
  if (config.HTTP_PORT !== undefined) {
    const mountedHooks = falHooks && hooksJoinHttp ? createFalWebhookListener(falHooks) : null;
    const ops = await startOpsServer({
      port: config.HTTP_PORT,
      redis: reverie.context.redis,
      database: reverie.database,
      registry: reverie.metrics.registry,
      workers: () => reverie.workerHealth(),
      logger,
      routes: [...ownerRoute(reverie, logger), ...(mountedHooks ? [{ prefix: '/hooks/fal', listener: mountedHooks.listener }] : [])],
    });
    closers.push(async () => {
      await ops.close();
      await mountedHooks?.close();
    });
  }
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, config.SHUTDOWN_GRACE_MS + CLOSE_AFTER_GRACE_MS).unref());
      const orderly = (async () => {
        for (const close of closers.reverse()) await close().catch((error: unknown) => logger.warn({ err: error }, 'adapter-close-failed'));
        await reverie.stop();
      })();
      await Promise.race([orderly, deadline]);
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutdown-start');
      void stop().then(() => process.exit(0));
    });
  }
  return { reverie, logger, stop, onStop: (close) => closers.push(close) };
}
