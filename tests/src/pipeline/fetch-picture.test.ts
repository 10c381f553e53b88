import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaRef } from '../../../src/domain/creation-request.ts';
import { fetchPicture, PictureError } from '../../../src/pipeline/fetch-picture.ts';
import { makeStill } from '../../fixtures/make-media.ts';

/**
 * An avatar URL is checked against the platform's CDN by the adapter, but a CDN answer can
 * redirect anywhere: every hop must stay on an allowed origin, or the picture is refused unread.
 */

interface Host {
  server: Server;
  origin: string;
  hits: string[];
}

let dir = '';
let png: Buffer;
let cdn: Host;
let elsewhere: Host;

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer;
}

async function startHost(route: (path: string) => Answer): Promise<Host> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '/');
    const answer = route(request.url ?? '/');
    response.writeHead(answer.status, answer.headers ?? {});
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

/** URL pictures never touch the media store. */
const NO_STORE = { get: async () => false };

const picture = (location: string): MediaRef => ({ kind: 'url', location, mimeType: 'image/png', source: 'avatar' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-fetch-picture-'));
  png = await readFile(await makeStill(join(dir, 'still.png'), 16, 16));
  elsewhere = await startHost(() => ({ status: 200, headers: { 'content-type': 'image/png' }, body: png }));
  cdn = await startHost((path): Answer => {
    if (path === '/avatar.png') return { status: 200, headers: { 'content-type': 'image/png' }, body: png };
    if (path === '/moved-here') return { status: 302, headers: { location: '/avatar.png' } };
    if (path === '/moved-away') return { status: 302, headers: { location: `${elsewhere.origin}/avatar.png` } };
    if (path === '/loop') return { status: 302, headers: { location: '/loop' } };
    return { status: 404 };
  });
});

afterAll(async () => {
  for (const host of [cdn, elsewhere]) await new Promise<void>((resolve) => host.server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe('fetchPicture redirects', () => {
  it('follows a redirect that stays on an allowed origin', async () => {
    const image = await fetchPicture(picture(`${cdn.origin}/moved-here`), dir, 'same-origin', { allowedOrigins: [cdn.origin], store: NO_STORE });
    expect(image.mimeType).toBe('image/png');
    expect(await readFile(image.path)).toEqual(png);
  });

  it('refuses a redirect to another host without fetching it', async () => {
    elsewhere.hits.length = 0;
    const error = await fetchPicture(picture(`${cdn.origin}/moved-away`), dir, 'away', { allowedOrigins: [cdn.origin], store: NO_STORE }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PictureError);
    expect((error as Error).message).toMatch(/redirected outside/);
    expect(elsewhere.hits).toEqual([]);
  });

  it('refuses a URL that is not on an allowed origin at all', async () => {
    elsewhere.hits.length = 0;
    await expect(fetchPicture(picture(`${elsewhere.origin}/avatar.png`), dir, 'foreign', { allowedOrigins: [cdn.origin], store: NO_STORE })).rejects.toBeInstanceOf(PictureError);
    expect(elsewhere.hits).toEqual([]);
  });

  it('gives up on a redirect loop', async () => {
    await expect(fetchPicture(picture(`${cdn.origin}/loop`), dir, 'loop', { allowedOrigins: [cdn.origin], store: NO_STORE })).rejects.toThrow(/too many redirects/);
  });
});

describe('fetchPicture from the media store', () => {
  const stored: MediaRef = { kind: 'stored', location: 'picture-abc', mimeType: null, source: 'avatar' };

  it('downloads a stored picture into the work dir and sniffs its type', async () => {
    const store = { get: async (key: string, destination: string) => key === 'picture-abc' && (await writeFile(destination, png), true) };
    const image = await fetchPicture(stored, dir, 'stored', { allowedOrigins: [], store });
    expect(image).toEqual({ path: join(dir, 'stored.png'), mimeType: 'image/png' });
    expect(await readFile(image.path)).toEqual(png);
  });

  it('says so when the stored picture is gone', async () => {
    await expect(fetchPicture(stored, dir, 'expired', { allowedOrigins: [], store: NO_STORE })).rejects.toThrow(/no longer stored/);
  });
});
