import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ProviderError } from '../domain/errors.ts';

/**
 * Finished clips land on disk atomically: written to `<path>.part`, then renamed, so a worker
 * killed mid-download never leaves a truncated MP4 that a later step would take for a clip.
 */

async function commit(partPath: string, destinationPath: string, label: string): Promise<void> {
  const { size } = await stat(partPath);
  if (size === 0) {
    await rm(partPath, { force: true });
    throw new ProviderError('unavailable', `${label}: the downloaded video was empty`);
  }
  await rename(partPath, destinationPath);
}

/**
 * A clip over VIDEO_DOWNLOAD_MAX_BYTES: final ('invalid'), since a retry would fetch the same file.
 * The provider's URL is not ours to trust with our disk.
 */
function tooLarge(label: string, maxBytes: number): ProviderError {
  return new ProviderError('invalid', `${label}: the video is larger than ${maxBytes} bytes (VIDEO_DOWNLOAD_MAX_BYTES)`);
}

/** Inline bytes (Veo's `videoBytes`, Omni's `data`), base64. */
export async function saveBase64Video(base64: string, destinationPath: string, label: string, maxBytes: number): Promise<void> {
  // Every 4 base64 characters are 3 bytes: the size is known before anything is written.
  if (Math.floor((base64.length * 3) / 4) > maxBytes + 2) throw tooLarge(label, maxBytes);
  const partPath = `${destinationPath}.part`;
  await mkdir(dirname(destinationPath), { recursive: true });
  // Decoded a slice at a time: the answer's base64 text is in memory already (the SDK parsed the
  // JSON), but a second, decoded copy of the whole clip never is.
  await pipeline(Readable.from(base64Slices(base64)), createWriteStream(partPath));
  await commit(partPath, destinationPath, label);
}

/** 1 MiB of decoded bytes per slice; a multiple of 4 characters, so no slice splits a group. */
const BASE64_SLICE_CHARS = 4 * 349_526;

function* base64Slices(base64: string): Generator<Buffer> {
  for (let start = 0; start < base64.length; start += BASE64_SLICE_CHARS) yield Buffer.from(base64.slice(start, start + BASE64_SLICE_CHARS), 'base64');
}

export interface StreamDownloadOptions {
  /** Sent to the first URL only; a redirect to another origin gets no credentials. */
  headers: Record<string, string>;
  /** The whole transfer, headers and body, ms. */
  timeoutMs: number;
  /** VIDEO_DOWNLOAD_MAX_BYTES: past this the transfer is aborted and the partial file removed. */
  maxBytes: number;
  signal?: AbortSignal | undefined;
  label: string;
}

/** GET `url` and stream the body to disk, following at most three redirects. */
export async function streamVideoToFile(url: string, destinationPath: string, options: StreamDownloadOptions): Promise<void> {
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]) : AbortSignal.timeout(options.timeoutMs);
  const origin = new URL(url).origin;
  const partPath = `${destinationPath}.part`;
  try {
    // The worker resuming a job may not be the one that planned it: its work dir may not exist yet.
    await mkdir(dirname(destinationPath), { recursive: true });
    let current = url;
    let response: Response | null = null;
    for (let hop = 0; hop < 4; hop += 1) {
      const sameOrigin = new URL(current).origin === origin;
      response = await fetch(current, { headers: sameOrigin ? options.headers : {}, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        current = new URL(location, current).toString();
        continue;
      }
      break;
    }
    if (!response) throw new Error('no response');
    if (!response.ok || !response.body) {
      const detail = (await response.text().catch(() => '')).slice(0, 160);
      const kind = response.status === 429 ? 'rate-limited' : response.status >= 500 ? 'unavailable' : 'invalid';
      throw new ProviderError(kind, `${options.label}: download failed with HTTP ${response.status}${detail ? ` — ${detail}` : ''}`, { status: response.status });
    }
    const type = response.headers.get('content-type') ?? '';
    if (/^(text\/html|application\/json)/.test(type)) {
      await response.body.cancel();
      throw new ProviderError('invalid', `${options.label}: download returned ${type}, not a video`);
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > options.maxBytes) {
      await response.body.cancel();
      throw tooLarge(options.label, options.maxBytes);
    }
    // A missing or lying Content-Length is caught as the bytes arrive.
    let received = 0;
    const capped = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>).map((chunk: Buffer) => {
      received += chunk.length;
      if (received > options.maxBytes) throw tooLarge(options.label, options.maxBytes);
      return chunk;
    });
    await pipeline(capped, createWriteStream(partPath));
    await commit(partPath, destinationPath, options.label);
  } catch (error) {
    await rm(partPath, { force: true });
    if (error instanceof ProviderError) throw error;
    // A download is a read: whatever broke, trying again later is safe.
    throw new ProviderError('unavailable', `${options.label}: download interrupted (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}
