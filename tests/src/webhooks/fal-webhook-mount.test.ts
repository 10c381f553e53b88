import { afterEach, expect, it } from 'vitest';
import type { RunningOpsServer } from '../../../src/http/ops-server.ts';
import { createFalWebhookListener, type FalWebhookListener } from '../../../src/webhooks/fal-webhook-server.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { serveOps } from '../../helpers/serve-ops.ts';

/** WEBHOOK_PORT equal to HTTP_PORT: fal's receiver answers on the one HTTP server, beside /healthz. */

let test: TestReverie | null = null;
let server: RunningOpsServer | null = null;
let hooks: FalWebhookListener | null = null;

afterEach(async () => {
  await server?.close();
  await hooks?.close();
  await test?.cleanup();
  server = null;
  hooks = null;
  test = null;
});

it('serves the fal receiver at /hooks/fal on the ops server and still refuses what fal did not sign', async () => {
  const provider = createFakeProvider();
  test = await startTestReverie({}, { providers: new Map([[provider.id, provider]]), media: createFakeMedia() });
  const { reverie } = test;
  const { logger, redis, prefix } = reverie.context;
  // Unsigned requests are refused before any key is fetched: the JWKS address is never called.
  hooks = createFalWebhookListener({ redis, prefix, jwksUrl: 'http://127.0.0.1:9/jwks', logger });
  server = await serveOps(reverie, { routes: [{ prefix: '/hooks/fal', listener: hooks.listener }] });
  const unsigned = await fetch(`${server.url}/hooks/fal/clip-1/s0-abc123`, { method: 'POST', body: '{}' });
  expect(unsigned.status).toBe(401);
  expect(await unsigned.json()).toEqual({ error: 'invalid signature' });
  // Not a webhook path: the receiver's own 404, and the ops endpoints beside it still answer.
  expect((await fetch(`${server.url}/hooks/fal/nothing`, { method: 'POST' })).status).toBe(404);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
});
