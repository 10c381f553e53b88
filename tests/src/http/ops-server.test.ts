import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import type { ChatCore } from '../../../src/chat/chat-core.ts';
import { openDatabase } from '../../../src/db/open-database.ts';
import type { OpsServerOptions, RunningOpsServer } from '../../../src/http/ops-server.ts';
import { deletePrefix } from '../../../src/queue/redis-connection.ts';
import { createThroughChat } from '../../helpers/chat-creation.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { serveOps } from '../../helpers/serve-ops.ts';
import { spawnMain } from '../../helpers/spawn-main.ts';
import { REDIS_URL, startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { waitUntil } from '../../helpers/wait-until.ts';

/** /healthz and /metrics over real HTTP, against a real Reverie on real Redis. */

let test: TestReverie | null = null;
let core: ChatCore | null = null;
const servers: RunningOpsServer[] = [];
const connections: Redis[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const connection of connections.splice(0)) connection.disconnect();
  await core?.close();
  await test?.cleanup();
  core = null;
  test = null;
});

async function startReverie(): Promise<TestReverie> {
  const provider = createFakeProvider();
  test = await startTestReverie({}, { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() });
  return test;
}

async function serve(reverie: TestReverie['reverie'], overrides: Partial<OpsServerOptions> = {}): Promise<RunningOpsServer> {
  const server = await serveOps(reverie, overrides);
  servers.push(server);
  return server;
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

it('answers /healthz with 200 when Redis answers and the workers run', async () => {
  const { reverie } = await startReverie();
  reverie.startWorkers();
  const server = await serve(reverie);
  const health = await get(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  // Planning and the one (fake) provider's render queue.
  expect(JSON.parse(health.text)).toMatchObject({ status: 'ok', redis: 'ok', database: 'ok', workers: 2, workersStarted: 2 });
  expect((await get(`${server.url}/nothing`)).status).toBe(404);
});

it('answers /healthz with 503 naming Redis when Redis does not answer', async () => {
  const { reverie } = await startReverie();
  // A port nothing listens on: taken, then freed.
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const deadRedis = new Redis(`redis://127.0.0.1:${closedPort}`, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, lazyConnect: true });
  deadRedis.on('error', () => undefined);
  connections.push(deadRedis);
  const server = await serve(reverie, { redis: deadRedis, pingTimeoutMs: 1_000 });
  const health = await get(`${server.url}/healthz`);
  expect(health.status).toBe(503);
  const body = JSON.parse(health.text) as { failing: string[]; redis: string };
  expect(body.failing).toEqual(['redis']);
  expect(body.redis).not.toBe('ok');
});

it('answers /healthz with 503 naming the database when it does not answer', async () => {
  const { reverie, dataDir } = await startReverie();
  // A second handle on the same SQLite file, closed: its `select 1` throws as a lost database would.
  const closed = await openDatabase({ dataDir });
  await closed.ping();
  await closed.close();
  const server = await serve(reverie, { database: closed });
  const health = await get(`${server.url}/healthz`);
  expect(health.status).toBe(503);
  const body = JSON.parse(health.text) as { failing: string[]; database: string; redis: string };
  expect(body).toMatchObject({ failing: ['database'], redis: 'ok' });
  expect(body.database).not.toBe('ok');
});

it('answers /healthz with 503 naming the workers when one of them stopped', async () => {
  const { reverie } = await startReverie();
  reverie.startWorkers();
  const server = await serve(reverie, { workers: () => ({ started: 2, running: 1 }) });
  const health = await get(`${server.url}/healthz`);
  expect(health.status).toBe(503);
  expect(JSON.parse(health.text)).toMatchObject({ redis: 'ok', failing: ['workers'], workers: 1, workersStarted: 2 });
});

it('serves /metrics: job counts by queue, stage durations, provider latency and the ack latency after one chat request', async () => {
  const { reverie } = await startReverie();
  reverie.startWorkers();
  const server = await serve(reverie);
  const before = await get(`${server.url}/metrics`);
  expect(before.status).toBe(200);
  expect(before.text).toMatch(/^reverie_jobs\{queue="plan",state="waiting"\} 0$/m);
  expect(before.text).toMatch(/^reverie_jobs\{queue="render-fake",state="active"\} 0$/m);

  // Received 200 ms before it arrives here: the ack latency observed is at least that.
  ({ core } = await createThroughChat(reverie, 'a 3 second short about a paper lantern', { receivedAgoMs: 200 }));

  // The delivery's own counters land just after the post returns, and the plan and render steps
  // observe their stage after handing on the job: on a busy machine the post can come first.
  const STAGES = ['plan', 'generate', 'finish', 'deliver'];
  const stageCount = (stage: string) => new RegExp(`^reverie_stage_duration_seconds_count\\{stage="${stage}"\\} 1$`, 'm');
  const after = await waitUntil(async () => {
    const scraped = await get(`${server.url}/metrics`);
    return /^reverie_clips_delivered_total 1$/m.test(scraped.text) && STAGES.every((stage) => stageCount(stage).test(scraped.text)) ? scraped.text : null;
  }, 'the delivered-clip counter and every stage');
  for (const stage of STAGES) expect(after).toMatch(stageCount(stage));
  expect(after).toMatch(/^reverie_ack_latency_seconds_count 1$/m);
  expect(Number(/^reverie_ack_latency_seconds_sum (\S+)$/m.exec(after)?.[1])).toBeGreaterThanOrEqual(0.2);
  expect(after).toMatch(/^reverie_provider_call_duration_seconds_count\{provider="fake",call="start",outcome="ok"\} \d+$/m);
  expect(after).toMatch(/^reverie_jobs\{queue="plan",state="completed"\} 1$/m);
  expect(after).toMatch(/^# TYPE reverie_provider_errors_total counter$/m);
  expect(after).toMatch(/^reverie_delivered_cost_dollars_total \d/m);
});

it('serves /healthz and /metrics from `npm start` when HTTP_PORT is set (ROLE=worker), and closes on SIGTERM', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-ops-'));
  const prefix = `test-ops-${randomBytes(4).toString('hex')}`;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const worker = spawnMain({ REDIS_URL, QUEUE_PREFIX: prefix, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ROLE: 'worker', HTTP_PORT: String(port) });
  try {
    const health = await waitUntil(() => get(`http://127.0.0.1:${port}/healthz`).catch(() => null), 'the health endpoint', 30_000);
    expect(health.status, worker.output()).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ redis: 'ok', database: 'ok' });
    // No DATABASE_URL: the record is a SQLite file in DATA_DIR, created on first start.
    expect(existsSync(join(dataDir, 'reverie.sqlite'))).toBe(true);
    expect((JSON.parse(health.text) as { workers: number }).workers).toBeGreaterThan(0);
    expect((await get(`http://127.0.0.1:${port}/metrics`)).text).toMatch(/^reverie_jobs\{queue="plan",state="waiting"\} 0$/m);
  } finally {
    expect(await worker.stop()).toBe(0);
    await deletePrefix(REDIS_URL, prefix);
    await rm(dataDir, { recursive: true, force: true });
  }
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
}, 60_000);
