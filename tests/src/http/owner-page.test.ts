import { rm } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ownerRoute } from '../../../src/app/owner-route.ts';
import type { ChatCore } from '../../../src/chat/chat-core.ts';
import type { RunningOpsServer } from '../../../src/http/ops-server.ts';
import { SESSION_COOKIE } from '../../../src/owner/owner-session.ts';
import { createThroughChat } from '../../helpers/chat-creation.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { serveOps } from '../../helpers/serve-ops.ts';
import { waitUntil } from '../../helpers/wait-until.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';

/**
 * The owner's page on the one HTTP server: a real Reverie on real Redis makes a creation, then
 * headless Chromium signs in, reads it back and opens Bull Board; the login rules over plain HTTP.
 */

const ADMIN_TOKEN = 'admin-token-for-the-owner-page';
const VIEWER_TOKEN = 'viewer-token-for-the-owner-page';

let browser: Browser;
let test: TestReverie | null = null;
let server: RunningOpsServer | null = null;
let core: ChatCore | null = null;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
});
afterAll(async () => {
  await browser.close();
});
afterEach(async () => {
  await server?.close();
  await core?.close();
  await test?.cleanup();
  server = null;
  core = null;
  test = null;
});

async function serveOwnerPage(env: Record<string, string> = { ADMIN_TOKEN, VIEWER_TOKEN }, provider = createFakeProvider()): Promise<{ reverie: TestReverie['reverie']; url: string }> {
  test = await startTestReverie(env, { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() });
  const { reverie } = test;
  server = await serveOps(reverie, { routes: ownerRoute(reverie, reverie.context.logger) });
  return { reverie, url: server.url };
}

/** Signs in over HTTP and returns the session cookie (name=value). */
async function signIn(url: string, token: string): Promise<{ status: number; cookie: string | null }> {
  const response = await fetch(`${url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token }), redirect: 'manual' });
  const cookie = response.headers.get('set-cookie');
  return { status: response.status, cookie: cookie ? (cookie.split(';')[0] ?? null) : null };
}

it('signs in with Chromium, lists the creation made in the test, shows spend, opens Bull Board, and refuses a wrong token', async () => {
  const { reverie, url } = await serveOwnerPage();
  reverie.startWorkers();
  let requestId: string;
  ({ core, requestId } = await createThroughChat(reverie, 'a 3 second short about a paper lantern'));
  // The record is written just after the post.
  const made = await waitUntil(async () => {
    const entry = await reverie.context.records.creations.get(requestId);
    return entry?.state === 'delivered' ? entry : null;
  }, 'the delivered creation on record');

  const page = await browser.newPage();
  try {
    await page.goto(`${url}/admin`);
    // No session: the login form.
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.fill('input[name=token]', 'not-the-token-at-all');
    await page.click('button[type=submit]');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not valid');
    expect(await page.context().cookies()).toEqual([]);

    await page.fill('input[name=token]', ADMIN_TOKEN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${url}/admin`);
    const row = page.locator('tr', { hasText: made?.plan?.title ?? 'no title' });
    await expect(row.textContent()).resolves.toContain('delivered');
    await expect(row.textContent()).resolves.toContain(made?.modelId ?? 'no model');
    await expect(row.textContent()).resolves.toContain('a 3 second short about a paper lantern');

    const cookie = (await page.context().cookies()).find((entry) => entry.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });

    await page.click('text=Spend');
    await page.waitForURL(`${url}/admin/spend`);
    const spendRow = page.locator('tr', { hasText: `console ${made?.communityId ?? ''}` });
    await expect(spendRow.textContent()).resolves.toMatch(/\$\d+\.\d\d/);

    await page.click('text=Queues');
    // Bull Board's page loads fonts from the web, which this machine cannot reach: the DOM is enough.
    await page.waitForURL(/\/admin\/queues/, { waitUntil: 'domcontentloaded' });
    // Bull Board is a client-side app: its queue list appears once its API answered.
    await page.getByText('render-fake').first().waitFor({ timeout: 30_000 });
    await expect(page.getByText('plan', { exact: true }).first().isVisible()).resolves.toBe(true);
  } finally {
    await page.close();
  }
}, 90_000);

it('redirects /admin to the login without a session and refuses a forged or tampered cookie', async () => {
  const { url } = await serveOwnerPage();
  const bare = await fetch(`${url}/admin`, { redirect: 'manual' });
  expect(bare.status).toBe(303);
  expect(bare.headers.get('location')).toBe('/admin/login');

  const forged = `${SESSION_COOKIE}=admin.${Date.now() + 3_600_000}.${'A'.repeat(43)}`;
  expect((await fetch(`${url}/admin`, { headers: { cookie: forged }, redirect: 'manual' })).status).toBe(303);

  const { status, cookie } = await signIn(url, VIEWER_TOKEN);
  expect(status).toBe(303);
  // A viewer's signature does not make an admin: the role is inside what is signed.
  const promoted = cookie?.replace('=viewer.', '=admin.') ?? '';
  expect((await fetch(`${url}/admin/queues/api/queues`, { method: 'PUT', headers: { cookie: promoted }, redirect: 'manual' })).status).toBe(401);
  expect((await fetch(`${url}/admin`, { headers: { cookie: cookie ?? '' } })).status).toBe(200);

  expect((await signIn(url, 'wrong-token-wrong-token')).status).toBe(401);
  // /healthz stays open on the same port.
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
});

it('lets a viewer read the queues but not change them, while the admin may', async () => {
  const { url } = await serveOwnerPage();
  const viewer = (await signIn(url, VIEWER_TOKEN)).cookie ?? '';
  const admin = (await signIn(url, ADMIN_TOKEN)).cookie ?? '';
  const queues = await fetch(`${url}/admin/queues/api/queues?activeQueue=plan&page=1&jobsPerPage=10`, { headers: { cookie: viewer } });
  expect(queues.status).toBe(200);
  const listed = (await queues.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
  expect(listed.queues.map((queue) => queue.name)).toContain('plan');
  expect(listed.queues.every((queue) => queue.readOnlyMode)).toBe(true);

  const pause = (cookie: string) => fetch(`${url}/admin/queues/api/queues/plan/pause`, { method: 'PUT', headers: { cookie } });
  expect((await pause(viewer)).status).toBe(403);
  expect(await test?.reverie.queues.get('plan').isPaused()).toBe(false);
  expect((await pause(admin)).status).toBe(200);
  expect(await test?.reverie.queues.get('plan').isPaused()).toBe(true);
});

it("lists a provider failure another process saw on the errors page, escaped and with that process's key masked", async () => {
  const FAL_KEY = 'fal-key-that-must-not-show';
  // The page's process has no FAL_KEY: the worker that saw the error masked it before keeping it.
  const { reverie, url } = await serveOwnerPage();
  const failing = createFakeProvider({ status: () => ({ state: 'failed', retryable: false, reason: `quota exceeded for ${FAL_KEY} <b>now</b>` }) });
  const worker = await startTestReverie({ QUEUE_PREFIX: reverie.context.prefix, FAL_KEY }, { providers: new Map([[failing.id, failing]]), defaultProviderId: failing.id, media: createFakeMedia() });
  try {
    // The provider as the worker's pipeline holds it: wrapped by the observer that feeds metrics and this page.
    const observed = worker.reverie.context.providers.get(failing.id);
    expect(await observed?.status({ provider: failing.id, operationId: 'op-1', data: {} })).toMatchObject({ state: 'failed' });
  } finally {
    await worker.reverie.stop();
    await rm(worker.dataDir, { recursive: true, force: true });
  }

  const cookie = (await signIn(url, VIEWER_TOKEN)).cookie ?? '';
  const page = await waitUntil(async () => {
    const text = await (await fetch(`${url}/admin/errors`, { headers: { cookie } })).text();
    return text.includes('quota exceeded') ? text : null;
  }, "the worker's error on the page");
  expect(page).toContain(`<td>fake</td><td>${failing.modelId}</td><td>invalid</td><td>quota exceeded for [secret] &#60;b&#62;now&#60;/b&#62;</td>`);
  expect(page).not.toContain(FAL_KEY);
});

it('keeps /admin off (404) without ADMIN_TOKEN and says how to turn it on', async () => {
  const { url } = await serveOwnerPage({});
  expect((await fetch(`${url}/admin/login`)).status).toBe(404);
  expect(test?.logs.join('')).toContain('owner-page-off');
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
});
