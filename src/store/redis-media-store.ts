import { randomBytes } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import { MediaTooLargeError, type MediaStore } from '../ports/media-store.ts';

/** As long as finished jobs are kept: a clip waiting for an adapter that is down still arrives. */
export const MEDIA_KEEP_SECONDS = 7 * 24 * 3600;
/** Bytes per Redis command: a few-MB clip is one round trip, a big one never sits whole in memory. */
const CHUNK_BYTES = 4 * 1024 * 1024;

export interface RedisMediaStoreOptions {
  /** MEDIA_STORE_MAX_BYTES; Redis strings stop at 512 MB. */
  maxBytes: number;
  keepSeconds?: number;
  chunkBytes?: number;
}

/**
 * Media bytes in Redis, under `<prefix>:media:<key>`, with a TTL so nothing outlives its use by
 * long. A file is a hash of chunks (`0`, `1`, … plus `chunks`), written to a private key and then
 * renamed into place: a reader never sees half a file, a writer that dies leaves only a key that
 * expires, and no chunk is ever copied again as the value grows (as APPEND would).
 */
export function createRedisMediaStore(redis: Redis, prefix: string, options: RedisMediaStoreOptions): MediaStore {
  const keepDefault = options.keepSeconds ?? MEDIA_KEEP_SECONDS;
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const keyOf = (key: string) => `${prefix}:media:${key}`;

  return {
    maxBytes: options.maxBytes,

    async put(key, filePath, putOptions = {}) {
      const keepSeconds = putOptions.keepSeconds ?? keepDefault;
      const handle = await open(filePath, 'r');
      const partial = `${keyOf(key)}:partial-${randomBytes(6).toString('hex')}`;
      try {
        const { size } = await handle.stat();
        if (size > options.maxBytes) throw new MediaTooLargeError(size, options.maxBytes);
        const chunks = Math.ceil(size / chunkBytes);
        // The first command creates the key with its TTL, even for an empty file.
        await redis.multi().hset(partial, 'chunks', chunks).expire(partial, keepSeconds).exec();
        for (let index = 0; index < chunks; index += 1) {
          const length = Math.min(chunkBytes, size - index * chunkBytes);
          const buffer = Buffer.allocUnsafe(length);
          const { bytesRead } = await handle.read(buffer, 0, length, index * chunkBytes);
          if (bytesRead !== length) throw new Error(`${filePath} changed while it was stored`);
          await redis.hset(partial, String(index), buffer);
        }
        await redis.multi().rename(partial, keyOf(key)).expire(keyOf(key), keepSeconds).exec();
      } catch (error) {
        await redis.del(partial).catch(() => undefined);
        throw error;
      } finally {
        await handle.close();
      }
    },

    async get(key, destinationPath) {
      const chunks = await redis.hget(keyOf(key), 'chunks');
      if (chunks === null) return false;
      const output = await open(destinationPath, 'w');
      try {
        for (let index = 0; index < Number(chunks); index += 1) {
          const chunk = await redis.hgetBuffer(keyOf(key), String(index));
          if (chunk === null) throw new Error(`media ${key} vanished while it was read`);
          await output.write(chunk);
        }
        await output.close();
        return true;
      } catch (error) {
        await output.close().catch(() => undefined);
        await rm(destinationPath, { force: true });
        throw error;
      }
    },

    async touch(key, keepSeconds) {
      if (keepSeconds === undefined) return (await redis.exists(keyOf(key))) === 1;
      return (await redis.expire(keyOf(key), keepSeconds)) === 1;
    },

    async delete(...keys) {
      if (keys.length > 0) await redis.del(...keys.map(keyOf));
    },
  };
}
