import { createServer, type RequestListener } from 'node:http';
import { closeServer, listen, replyJson } from './json-server.ts';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';

/** What /healthz asks of this process's Redis connection. */
export interface Pingable {
  ping(): Promise<string>;
}

/** What /healthz asks of the record's database: `select 1`, throwing when it does not answer. */
export interface DatabaseProbe {
  ping(): Promise<void>;
}

export interface OpsServerOptions {
  /** HTTP_PORT; 0 picks a free port (tests). */
  port: number;
  /** Default 0.0.0.0: an orchestrator's probes and Prometheus come from outside. */
  host?: string;
  redis: Pingable;
  database: DatabaseProbe;
  registry: Registry;
  /** This process's workers: how many it started and how many still run (0 of 0 for ROLE=adapter). */
  workers: () => { started: number; running: number };
  logger: Logger;
  /** A Redis (or database) that does not answer PING (select 1) within this is down, ms. */
  pingTimeoutMs?: number;
  /** Other listeners sharing the port, each taking every path under its prefix (the owner's page at /admin). */
  routes?: readonly MountedRoute[];
}

export interface MountedRoute {
  /** '/admin' takes /admin and /admin/…, never /administrator. */
  prefix: string;
  listener: RequestListener;
}

const mountedAt = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export interface RunningOpsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** 'ok', or why not: what `check` threw, or that it did not answer within `timeoutMs`. */
async function probe(check: () => Promise<string>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([check(), timeout]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

const pingRedis = (redis: Pingable, timeoutMs: number) =>
  probe(async () => {
    const answer = await redis.ping();
    return answer === 'PONG' ? 'ok' : `unexpected answer ${answer}`;
  }, timeoutMs);

const pingDatabase = (database: DatabaseProbe, timeoutMs: number) =>
  probe(async () => {
    await database.ping();
    return 'ok';
  }, timeoutMs);

/**
 * The operations endpoints on HTTP_PORT: GET /healthz (200 when Redis and the database answer and this process's
 * workers run, else 503 naming what failed) and GET /metrics (Prometheus text from `registry`),
 * plus whatever `routes` mounts on the same port.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<RunningOpsServer> {
  const { logger } = options;
  const pingTimeoutMs = options.pingTimeoutMs ?? 2_000;

  const server = createServer((incoming, response) => {
    const path = new URL(incoming.url ?? '/', 'http://localhost').pathname;
    const mounted = options.routes?.find((route) => mountedAt(path, route.prefix));
    if (mounted) return void mounted.listener(incoming, response);
    if (incoming.method !== 'GET' && incoming.method !== 'HEAD') return replyJson(response, 405, { error: 'method not allowed' });
    if (path === '/healthz') {
      void (async () => {
        const [redis, database] = await Promise.all([pingRedis(options.redis, pingTimeoutMs), pingDatabase(options.database, pingTimeoutMs)]);
        const { started, running } = options.workers();
        const failing = [...(redis === 'ok' ? [] : ['redis']), ...(database === 'ok' ? [] : ['database']), ...(running < started ? ['workers'] : [])];
        const body = { status: failing.length === 0 ? 'ok' : 'failing', redis, database, workers: running, workersStarted: started, ...(failing.length > 0 ? { failing } : {}) };
        if (failing.length > 0) logger.warn(body, 'healthz-failing');
        replyJson(response, failing.length === 0 ? 200 : 503, body);
      })();
      return;
    }
    if (path === '/metrics') {
      options.registry
        .metrics()
        .then((text) => {
          response.writeHead(200, { 'content-type': options.registry.contentType });
          response.end(text);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'metrics-failed');
          if (!response.headersSent) replyJson(response, 500, { error: 'metrics unavailable' });
        });
      return;
    }
    replyJson(response, 404, { error: 'not found' });
  });
  const port = await listen(server, options.port, options.host ?? '0.0.0.0');
  logger.info({ port }, 'ops-http-listening');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      await closeServer(server);
    },
  };
}
