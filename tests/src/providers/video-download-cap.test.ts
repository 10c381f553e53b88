import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.ts';
import { toReverieError } from '../../../src/pipeline/run-step.ts';
import { ProviderError } from '../../../src/domain/errors.ts';
import { saveBase64Video, streamVideoToFile } from '../../../src/providers/save-video.ts';

/**
 * A provider's video URL is not ours: a download larger than VIDEO_DOWNLOAD_MAX_BYTES is cut off,
 * its partial file removed, and the failure is final (retrying would fetch the same huge file).
 */

const SIZE = 64 * 1024;
let dir = '';
let server: Server;
let base = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-download-cap-'));
  server = createServer((request, response) => {
    const declared = request.url === '/declared.mp4';
    response.writeHead(200, { 'content-type': 'video/mp4', ...(declared ? { 'content-length': String(SIZE) } : {}) });
    // Chunked and slow enough that the client must count bytes as they arrive.
    let sent = 0;
    const chunk = Buffer.alloc(4096, 7);
    const timer = setInterval(() => {
      if (sent >= SIZE || response.destroyed) {
        clearInterval(timer);
        response.end();
        return;
      }
      response.write(chunk);
      sent += chunk.length;
    }, 2);
    response.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

const download = (path: string, destination: string, maxBytes: number) => streamVideoToFile(`${base}${path}`, destination, { headers: {}, timeoutMs: 10_000, maxBytes, label: 'test' });

describe('video download size cap', () => {
  it.each([
    ['a declared Content-Length', '/declared.mp4'],
    ['a chunked body with no length', '/chunked.mp4'],
  ])('aborts %s over the cap, deletes the partial file, and fails for good', async (_what, path) => {
    const destination = join(dir, `${path.slice(1)}`);
    const error = await download(path, destination, 10_000).then(
      () => null,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('invalid');
    expect((error as ProviderError).message).toMatch(/larger than 10000 bytes/);
    // The render step does not retry it.
    expect(toReverieError(error).retryable).toBe(false);
    expect(await readdir(dir)).not.toContain(`${path.slice(1)}.part`);
    expect(await readdir(dir)).not.toContain(path.slice(1));
  });

  it('saves a video under the cap', async () => {
    const destination = join(dir, 'fits.mp4');
    await download('/chunked.mp4', destination, SIZE);
    expect((await stat(destination)).size).toBe(SIZE);
  });

  it('writes an inline (base64) video byte for byte, slice by slice, and refuses one over the cap', async () => {
    // Over 3 MiB, so the decoding crosses several 1 MiB slices.
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const destination = join(dir, 'inline.mp4');
    await saveBase64Video(bytes.toString('base64'), destination, 'Veo', bytes.length);
    expect((await readFile(destination)).equals(bytes)).toBe(true);
    await expect(saveBase64Video(bytes.toString('base64'), join(dir, 'inline-big.mp4'), 'Veo', 1_000)).rejects.toThrow(/larger than 1000 bytes/);
    expect(await readdir(dir)).not.toContain('inline-big.mp4.part');
  });

  it('defaults to 512 MB and reads VIDEO_DOWNLOAD_MAX_BYTES', () => {
    expect(parseConfig({}).VIDEO_DOWNLOAD_MAX_BYTES).toBe(512 * 1024 * 1024);
    expect(parseConfig({ VIDEO_DOWNLOAD_MAX_BYTES: '1000' }).VIDEO_DOWNLOAD_MAX_BYTES).toBe(1000);
  });
});
