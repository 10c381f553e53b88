import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { MediaRef } from '../domain/creation-request.ts';
import { MAX_PICTURE_BYTES } from '../pipeline/fetch-picture.ts';
import type { MediaStore } from '../ports/media-store.ts';

/**
 * A 🔁 on a weeks-old clip still finds the avatar it was made with. Pictures stay in Redis (the
 * media store), bounded in size by this age; clip records live RETENTION_DAYS in the database, and
 * a regenerate of an older clip whose picture is gone tells the user so.
 */
export const PICTURE_KEEP_SECONDS = 30 * 24 * 3600;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * A picture that is a file on this (the adapter's) machine — the terminal's `/avatar PATH`,
 * Telegram's cached profile photo — goes into the media store, and the request carries the store's
 * key: the worker that fetches it may run on another machine with another DATA_DIR. Keys are the
 * bytes' hash, so the same avatar is stored once however many requests use it. A file that is not
 * there or is too big stays a path: the worker tells the user why, as for any unreadable picture.
 */
export async function storeLocalPicture(store: MediaStore, ref: MediaRef): Promise<MediaRef> {
  if (ref.kind !== 'path') return ref;
  const info = await stat(ref.location).catch(() => null);
  if (!info?.isFile() || info.size > Math.min(MAX_PICTURE_BYTES, store.maxBytes)) return ref;
  const key = `picture-${await sha256Of(ref.location)}`;
  if (!(await store.touch(key, PICTURE_KEEP_SECONDS))) await store.put(key, ref.location, { keepSeconds: PICTURE_KEEP_SECONDS });
  return { ...ref, kind: 'stored', location: key };
}
