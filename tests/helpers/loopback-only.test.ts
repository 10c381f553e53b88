import { once } from 'node:events';
import { createServer, get } from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { request as undiciRequest } from 'undici';
import { describe, expect, it } from 'vitest';

/**
 * The suite's network guard (tests/helpers/loopback-only.ts, a vitest setup file) blocks at the
 * socket: whatever library makes the connection, only loopback is reached, and quickly.
 */

const NOT_LOOPBACK = /tests must not reach .*only 127\.0\.0\.1 is allowed/;
/** Documentation-only address (TEST-NET-1): never a real server. */
const FAR = '192.0.2.1';

async function socketError(socket: net.Socket): Promise<Error> {
  const [error] = (await once(socket, 'error')) as [Error];
  return error;
}

/** The message of an error or of any error in its `cause` chain. */
function messages(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) parts.push(current.message);
  return parts.join(' <- ');
}

describe('loopback-only guard', () => {
  it('fails a non-loopback connect through node:net, node:tls and node:http at once, with a clear message', async () => {
    const started = Date.now();
    expect((await socketError(net.connect({ host: FAR, port: 80 }))).message).toMatch(NOT_LOOPBACK);
    expect((await socketError(net.connect(443, 'example.com'))).message).toMatch(`${'example.com'}:443`);
    expect((await socketError(tls.connect({ host: 'discord.com', port: 443 }))).message).toMatch(NOT_LOOPBACK);
    const viaHttp = get(`http://${FAR}/`);
    const [httpError] = (await once(viaHttp, 'error')) as [Error];
    expect(httpError.message).toMatch(NOT_LOOPBACK);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('fails a non-loopback fetch and an undici request (discord.js) at once, with a clear message', async () => {
    const started = Date.now();
    const viaFetch = await fetch(`http://${FAR}/`).catch((error: unknown) => error);
    expect(messages(viaFetch)).toMatch(NOT_LOOPBACK);
    // undici directly, as discord.js calls it: no global fetch involved.
    const viaUndici = await undiciRequest(`https://${FAR}/api/v10/gateway/bot`).catch((error: unknown) => error);
    expect(messages(viaUndici)).toMatch(NOT_LOOPBACK);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('still lets loopback through', async () => {
    const server = createServer((_request, response) => response.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
      const { body } = await undiciRequest(`http://127.0.0.1:${port}/`);
      expect(await body.text()).toBe('ok');
    } finally {
      server.close();
    }
  });
});
