import type { RequestListener } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ProviderErrorEntry } from '../metrics/recent-errors.ts';
import { creationsPage, errorsPage, loginPage, spendPage } from '../owner/owner-pages.ts';
import { recentCreations, spendByCommunity, type OwnerSources } from '../owner/owner-report.ts';
import { issueSession, roleOfToken, SESSION_COOKIE, SESSION_TTL_MS, verifySession, type OwnerRole, type OwnerTokens } from '../owner/owner-session.ts';
import type { QueueSet } from '../queue/queue-set.ts';

/**
 * The owner's page under /admin: a token login, Reverie's own pages (creations, spend, provider
 * errors) and Bull Board at /admin/queues. Viewers get Bull Board in its read-only mode, and any
 * request that would change a queue is refused for them here as well, whatever the UI shows.
 */

export interface OwnerAppOptions {
  tokens: OwnerTokens;
  sources: OwnerSources;
  queues: QueueSet;
  /** The queues Bull Board shows (plan, each provider's render queue, the delivery queues). */
  queueNames: readonly string[];
  /** Newest first, from every process on this Redis. */
  recentErrors: () => Promise<ProviderErrorEntry[]>;
  /** Masks configured secrets in text shown on the page. */
  mask: (text: string) => string;
}

export const QUEUES_PATH = '/admin/queues';

type Env = { Variables: { role: OwnerRole } };

/** Bull Board's Hono plugin, mounted at its full path so a request can be handed to it as is. */
function bullBoard(options: OwnerAppOptions, readOnlyMode: boolean): Hono {
  const adapter = new HonoAdapter(serveStatic).setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: options.queueNames.map((name) => new BullMQAdapter(options.queues.get(name), { readOnlyMode })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: readOnlyMode ? 'Reverie (read-only)' : 'Reverie' } },
  });
  return new Hono().route(QUEUES_PATH, adapter.registerPlugin());
}

const html = (c: Context<Env>, body: string, status: 200 | 401 = 200) => {
  c.header('cache-control', 'no-store');
  c.header('x-frame-options', 'DENY');
  return c.html(body, status);
};

export function createOwnerApp(options: OwnerAppOptions): Hono<Env> {
  const { tokens, sources } = options;
  const boards: Record<OwnerRole, Hono> = { admin: bullBoard(options, false), viewer: bullBoard(options, true) };
  const app = new Hono<Env>();

  app.get('/admin/login', (c) => html(c, loginPage(false)));
  app.post('/admin/login', async (c) => {
    const form = await c.req.parseBody();
    const role = typeof form.token === 'string' ? roleOfToken(form.token, tokens) : null;
    if (!role) return html(c, loginPage(true), 401);
    setCookie(c, SESSION_COOKIE, issueSession(role, tokens, sources.now()), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/admin',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.redirect('/admin', 303);
  });

  // Everything else under /admin needs a valid session.
  const requireSession: MiddlewareHandler<Env> = async (c, next) => {
    const role = verifySession(getCookie(c, SESSION_COOKIE), tokens, sources.now());
    if (!role) return c.req.method === 'GET' ? c.redirect('/admin/login', 303) : c.json({ error: 'sign in first' }, 401);
    // Viewers read; a change to a queue (retry, clean, pause…) is the admin's alone.
    if (role !== 'admin' && c.req.method !== 'GET' && c.req.path !== '/admin/logout') return c.json({ error: 'read-only login' }, 403);
    c.set('role', role);
    await next();
  };
  app.use('/admin', requireSession);
  app.use('/admin/*', requireSession);

  app.post('/admin/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/admin' });
    return c.redirect('/admin/login', 303);
  });
  app.get('/admin', async (c) => html(c, creationsPage(await recentCreations(sources), c.get('role'))));
  app.get('/admin/spend', async (c) => html(c, spendPage(await spendByCommunity(sources), c.get('role'))));
  app.get('/admin/errors', async (c) => html(c, errorsPage(await options.recentErrors(), options.mask, c.get('role'))));
  // The board's entry is its base path without a slash; a bookmarked one with the slash still lands.
  app.get(`${QUEUES_PATH}/`, (c) => c.redirect(QUEUES_PATH, 301));
  app.all(QUEUES_PATH, (c) => boards[c.get('role')].fetch(c.req.raw));
  app.all(`${QUEUES_PATH}/*`, (c) => boards[c.get('role')].fetch(c.req.raw));
  return app;
}

/** The owner's app as a node:http listener, for the one HTTP server that also serves /healthz. */
export function ownerListener(options: OwnerAppOptions): RequestListener {
  return getRequestListener(createOwnerApp(options).fetch);
}
