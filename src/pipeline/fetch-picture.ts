import { createWriteStream } from 'node:fs';
import { copyFile, open, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaRef } from '../domain/creation-request.ts';
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

/**
 * Brings a picture into the request's work dir and checks that it is a real image of a sane size.
 * Throws PictureError with a short reason the user can be told.
 */
export async function fetchPicture(ref: MediaRef, workDir: string, name: string): Promise<LocalImage> {
  const rawPath = join(workDir, `${name}.download`);
  if (ref.kind === 'path') {
    const info = await stat(ref.location).catch(() => null);
    if (!info?.isFile()) throw new PictureError('file not found');
    if (info.size > MAX_PICTURE_BYTES) throw new PictureError('larger than 10 MB');
    await copyFile(ref.location, rawPath);
  } else {
    const response = await fetch(ref.location, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }).catch((error: unknown) => {
      throw new PictureError(`download failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (!response.ok || !response.body) throw new PictureError(`download failed with HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_PICTURE_BYTES) throw new PictureError('larger than 10 MB');
    let received = 0;
    const limited = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).map((chunk: Buffer) => {
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
