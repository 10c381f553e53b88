import { createWriteStream } from 'node:fs';
import { copyFile, open, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { MediaRef } from '../domain/creation-request.ts';
import type { MediaStore } from '../ports/media-store.ts';
import type { LocalImage } from '../ports/video-provider.ts';

/** Avatars and reference pictures above this are refused rather than fed to ffmpeg or a model. */
export const MAX_PICTURE_BYTES = 10 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;

export class PictureError extends Error {
  override name = 'PictureError';
}

const SIGNATURES: { mimeType: string; extension: string; test: (head: Buffer) => boolean }[] = [
  { mimeType: 'image/png', extension: 'png', test: (head) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mimeType: 'image/jpeg', extension: 'jpg', test: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff },
  { mimeType: 'image/webp', extension: 'webp', test: (head) => head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP' },
  { mimeType: 'image/gif', extension: 'gif', test: (head) => head.toString('latin1', 0, 4) === 'GIF8' },
];

/** The image type from its first bytes; the name or a server's header is not trusted. */
async function sniffImage(path: string): Promise<{ mimeType: string; extension: string } | null> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(16);
    await handle.read(head, 0, 16, 0);
    return SIGNATURES.find((signature) => signature.test(head)) ?? null;
  } finally {
    await handle.close();
  }
}

export interface FetchPictureOptions {
  /**
   * Origins a URL picture may be fetched from, the first URL and every redirect hop alike (the
   * platform's CDN: DISCORD_CDN_BASE, DISCORD_MEDIA_PROXY_BASE). A CDN answer could otherwise
   * send the worker to any host, an internal one included.
   */
  allowedOrigins: readonly string[];
  /** Where `stored` pictures are: the adapter that took the request put them there. */
  store: Pick<MediaStore, 'get'>;
}

const MAX_REDIRECTS = 3;

/** GETs `url` by hand, hop by hop, so no redirect leaves the allowed origins. */
async function fetchOnAllowedOrigins(url: string, allowedOrigins: readonly string[]): Promise<Response> {
  const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const origin = URL.parse(current)?.origin;
    if (!origin || !allowedOrigins.includes(origin)) {
      throw new PictureError(hop === 0 ? 'not on the platform’s CDN' : 'redirected outside the platform’s CDN');
    }
    const response = await fetch(current, { redirect: 'manual', signal }).catch((error: unknown) => {
      throw new PictureError(`download failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return response;
    await response.body?.cancel();
    current = new URL(location, current).toString();
  }
  throw new PictureError('too many redirects');
}

/**
 * Brings a picture into the request's work dir and checks that it is a real image of a sane size.
 * Throws PictureError with a short reason the user can be told.
 */
export async function fetchPicture(ref: MediaRef, workDir: string, name: string, options: FetchPictureOptions): Promise<LocalImage> {
  const rawPath = join(workDir, `${name}.download`);
  if (ref.kind === 'path') {
    const info = await stat(ref.location).catch(() => null);
    if (!info?.isFile()) throw new PictureError('file not found');
    if (info.size > MAX_PICTURE_BYTES) throw new PictureError('larger than 10 MB');
    await copyFile(ref.location, rawPath);
  } else if (ref.kind === 'stored') {
    if (!(await options.store.get(ref.location, rawPath))) throw new PictureError('no longer stored');
    if ((await stat(rawPath)).size > MAX_PICTURE_BYTES) throw new PictureError('larger than 10 MB');
  } else {
    const response = await fetchOnAllowedOrigins(ref.location, options.allowedOrigins);
    if (!response.ok || !response.body) throw new PictureError(`download failed with HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_PICTURE_BYTES) throw new PictureError('larger than 10 MB');
    let received = 0;
    const limited = Readable.fromWeb(response.body as WebReadableStream).map((chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_PICTURE_BYTES) throw new PictureError('larger than 10 MB');
      return chunk;
    });
    await pipeline(limited, createWriteStream(rawPath));
  }
  const kind = await sniffImage(rawPath);
  if (!kind) throw new PictureError('not a PNG, JPEG, WebP or GIF image');
  const finalPath = join(workDir, `${name}.${kind.extension}`);
  await rename(rawPath, finalPath);
  return { path: finalPath, mimeType: kind.mimeType };
}
