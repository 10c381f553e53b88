import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The HTTP plumbing Reverie's small servers (health and metrics, fal webhooks) share. */

/** A JSON answer that no proxy or browser keeps. */
export function replyJson(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** Listens (port 0 = any free one) and resolves with the port; a taken port rejects instead of crashing. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Closes at once: keep-alive connections are cut rather than waited for. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
