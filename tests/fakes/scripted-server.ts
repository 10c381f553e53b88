import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The core every fake provider server shares (fake-google, fake-fal, fake-runway): a node:http
 * server on 127.0.0.1 that records each request, answers each route from a script (the last reply
 * repeats) or from the fake's own defaults, and can hold or drop an answer to simulate a hung or
 * lost response.
 */

export interface FakeRequest<Route extends string> {
  route: Route;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  body: unknown;
  /** The request / task id in the path, or the one a create made. */
  id: string | null;
  at: number;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  bytes?: Buffer;
  /** Waits for this before answering. */
  hold?: Promise<void>;
  /** Reads the body, then destroys the socket: the request arrived, the answer never does. */
  destroy?: boolean;
  /**
   * Sends the headers (with the full content-length) and the first half of the payload, then
   * nothing more: a download stuck midway, open until the client goes away or the fake closes.
   */
  stallMidway?: boolean;
}

/** A reply, or a function choosing one per request; a function's null is the fake's own default answer. */
export type FakeScript<Route extends string, Fake> = FakeReply | ((request: FakeRequest<Route>, fake: Fake) => FakeReply | null | Promise<FakeReply | null>);

export interface ScriptedServer<Route extends string, Fake> {
  url: string;
  requests: FakeRequest<Route>[];
  script(route: Route, ...replies: FakeScript<Route, Fake>[]): void;
  calls(route: Route): FakeRequest<Route>[];
  waitFor(route: Route, count?: number, timeoutMs?: number): Promise<FakeRequest<Route>>;
  resetScripts(): void;
  close(): Promise<void>;
}

export async function startScriptedServer<Route extends string, Fake>(
  name: string,
  routeOf: (method: string, path: string) => { route: Route; id: string | null },
  defaults: (request: FakeRequest<Route>) => FakeReply | Promise<FakeReply>,
  self: () => Fake,
  /** Runs on each request before it is recorded (a create gets its id here). */
  prepare: (request: FakeRequest<Route>) => void = () => undefined,
): Promise<ScriptedServer<Route, Fake>> {
  const events = new EventEmitter();
  const scripts = new Map<Route, FakeScript<Route, Fake>[]>();
  const used = new Map<Route, number>();
  const requests: FakeRequest<Route>[] = [];

  const nextReply = async (request: FakeRequest<Route>): Promise<FakeReply> => {
    const script = scripts.get(request.route);
    if (!script || script.length === 0) return defaults(request);
    const index = used.get(request.route) ?? 0;
    used.set(request.route, index + 1);
    const step = script[Math.min(index, script.length - 1)] as FakeScript<Route, Fake>;
    return typeof step === 'function' ? ((await step(request, self())) ?? defaults(request)) : step;
  };

  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const { route, id } = routeOf(incoming.method ?? 'GET', url.pathname);
    let body: unknown;
    try {
      body = rawBody ? (JSON.parse(rawBody) as unknown) : null;
    } catch {
      body = null;
    }
    const request: FakeRequest<Route> = { route, method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: incoming.headers, rawBody, body, id, at: Date.now() };
    prepare(request);
    requests.push(request);
    events.emit('request', request);
    const reply = await nextReply(request);
    if (reply.hold) await reply.hold;
    if (reply.destroy) {
      incoming.socket.destroy();
      return;
    }
    const payload = reply.bytes ?? Buffer.from(JSON.stringify(reply.json ?? {}));
    response.writeHead(reply.status ?? 200, { 'content-type': reply.bytes ? 'video/mp4' : 'application/json', 'content-length': String(payload.length), ...reply.headers });
    if (reply.stallMidway) {
      response.write(payload.subarray(0, Math.floor(payload.length / 2)));
      return;
    }
    response.end(payload);
  };

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const calls = (route: Route) => requests.filter((request) => request.route === route);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    script(route, ...replies) {
      scripts.set(route, replies);
      used.set(route, 0);
    },
    calls,
    waitFor(route, count = 1, timeoutMs = 30_000) {
      const found = () => calls(route)[count - 1];
      const already = found();
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('request', check);
          reject(new Error(`${name}: no request #${count} on ${route} within ${timeoutMs} ms (saw ${calls(route).length})`));
        }, timeoutMs);
        const check = () => {
          const request = found();
          if (!request) return;
          clearTimeout(timer);
          events.off('request', check);
          resolve(request);
        };
        events.on('request', check);
      });
    },
    resetScripts() {
      requests.length = 0;
      scripts.clear();
      used.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
