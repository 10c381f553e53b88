import net from 'node:net';

/**
 * Loaded before every test file (vitest setupFiles): in the test suite anything but loopback is a
 * failure, never a call to a real Google, OpenAI, fal, Runway, Discord or Telegram. Child
 * processes get only fake base URLs.
 *
 * The block is at the socket: every TCP and TLS connection (node:net, node:tls, node:http(s),
 * undici — the global fetch and discord.js's own undici, grammY's fetch) goes through
 * `net.Socket.prototype.connect`, so none can get around it. A non-loopback connect fails at once,
 * before any DNS lookup, with an error naming the host. The global fetch is also wrapped, so its
 * rejection carries that message itself rather than only as `cause` of "fetch failed".
 */

export const NOT_LOOPBACK_CODE = 'ERR_TEST_NOT_LOOPBACK';

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(bare);
}

function notLoopback(target: string): Error {
  return Object.assign(new Error(`tests must not reach ${target}: only 127.0.0.1 is allowed (tests/helpers/loopback-only.ts)`), { code: NOT_LOOPBACK_CODE });
}

/**
 * The host a `Socket#connect` call dials, or null for a local (IPC) path. Its arguments are
 * `(options[, cb])`, `(port[, host][, cb])`, `(path[, cb])`, or — from net.connect, tls.connect
 * and http's agents — one array holding the normalized `[options, cb]`.
 */
function targetOf(args: unknown[]): { host: string; port: unknown } | null {
  const list = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const [first, second] = list;
  if (first !== null && typeof first === 'object') {
    const options = first as { host?: unknown; port?: unknown; path?: unknown };
    if (typeof options.path === 'string' && options.path !== '') return null;
    return { host: typeof options.host === 'string' && options.host !== '' ? options.host : 'localhost', port: options.port };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof second === 'string' && second !== '' ? second : 'localhost', port: first };
  }
  return null;
}

const realSocketConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
  const target = targetOf(args);
  if (target && !isLoopback(target.host)) {
    const error = notLoopback(`${target.host}:${String(target.port)}`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return (realSocketConnect as (...connectArgs: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const realFetch = globalThis.fetch;
globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!isLoopback(url.hostname)) throw notLoopback(url.origin);
  return realFetch(input, init);
}) as typeof fetch;
