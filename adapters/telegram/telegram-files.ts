import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Api } from 'grammy';
import type { PhotoSize } from 'grammy/types';
import type { MediaRef } from '../../src/domain/creation-request.ts';
import type { Logger } from '../../src/log/logger.ts';
import { describeError } from './telegram-errors.ts';

/** getFile refuses anything larger through the public Bot API ("file is too big"). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 20_000;

export interface FileSource {
  api: Api;
  /** `${apiRoot}/file/bot${token}`: the same root as the API, so a proxy or local server is honoured. */
  fileBase: string;
}

export class TelegramFileError extends Error {
  override name = 'TelegramFileError';
}

/**
 * Downloads a file by id, at most `maxBytes`. A local Bot API server (`--local`) answers an
 * absolute path on its own disk instead of a download path; that is read directly.
 */
export async function downloadFile(source: FileSource, fileId: string, maxBytes: number = MAX_DOWNLOAD_BYTES): Promise<Buffer> {
  const file = await source.api.getFile(fileId);
  if (file.file_size !== undefined && file.file_size > maxBytes) throw new TelegramFileError(`file is ${file.file_size} bytes, over ${maxBytes}`);
  if (!file.file_path) throw new TelegramFileError('Telegram gave no file_path');
  if (isAbsolute(file.file_path)) {
    const info = await stat(file.file_path);
    if (info.size > maxBytes) throw new TelegramFileError(`file is ${info.size} bytes, over ${maxBytes}`);
    return readFile(file.file_path);
  }
  const response = await fetch(`${source.fileBase}/${file.file_path}`, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok) throw new TelegramFileError(`download answered HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > maxBytes) throw new TelegramFileError(`file is ${bytes.length} bytes, over ${maxBytes}`);
  return bytes;
}

/** The largest size of a profile photo that getFile will still hand out. */
export function pickPhotoSize(sizes: readonly PhotoSize[]): PhotoSize | null {
  const fitting = sizes.filter((size) => size.file_size === undefined || size.file_size <= MAX_DOWNLOAD_BYTES);
  return fitting.reduce<PhotoSize | null>((best, size) => (!best || size.width * size.height > best.width * best.height ? size : best), null);
}

/**
 * The requester's current profile photo as a local file, or null when they have none or hide it
 * (Telegram then answers total_count 0). Kept under `cacheDir` by Telegram's file_unique_id:
 * download links expire after an hour and carry the bot token, so neither may go into job data,
 * and a regenerate weeks later still finds the picture. The core tells the user when it is null.
 */
export async function fetchAvatar(source: FileSource, userId: number, cacheDir: string, logger: Logger): Promise<MediaRef | null> {
  try {
    const photos = await source.api.getUserProfilePhotos(userId, { limit: 1 });
    const size = photos.total_count > 0 && photos.photos[0] ? pickPhotoSize(photos.photos[0]) : null;
    if (!size) return null;
    const location = join(cacheDir, `${size.file_unique_id}.jpg`);
    const cached = await stat(location).catch(() => null);
    if (cached?.isFile()) {
      // Used again: it lives another 30 days (see pruneAvatarCache).
      const now = new Date();
      await utimes(location, now, now);
    } else {
      const bytes = await downloadFile(source, size.file_id);
      await mkdir(cacheDir, { recursive: true });
      // Write then rename: two requests at once never see half a picture.
      const partial = `${location}.${process.pid}.${Date.now()}.part`;
      await writeFile(partial, bytes);
      await rename(partial, location);
    }
    return { kind: 'path', location, mimeType: 'image/jpeg', source: 'avatar' };
  } catch (error) {
    logger.warn({ ...describeError(error), userId }, 'telegram-avatar-failed');
    return null;
  }
}

/** As long as a clip is remembered (and can be regenerated with its avatar), then the copy goes. */
const AVATAR_KEEP_MS = 30 * 24 * 3600 * 1000;

/** Removes cached profile photos no remembered clip can still need; run at start-up. */
export async function pruneAvatarCache(cacheDir: string, nowMs: number): Promise<number> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const path = join(cacheDir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && nowMs - info.mtimeMs > AVATAR_KEEP_MS) {
      await rm(path, { force: true });
      removed += 1;
    }
  }
  return removed;
}
