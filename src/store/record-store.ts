import type { Redis } from 'ioredis';
import type { RecordStore } from '../ports/record-store.ts';

/** RecordStore on Redis, every key under `<prefix>:<namespace>:`, so installs sharing Redis stay apart. */
export function createRecordStore(redis: Redis, prefix: string, namespace: string): RecordStore {
  const keyOf = (key: string) => `${prefix}:${namespace}:${key}`;
  return {
    get: (key) => redis.get(keyOf(key)),
    async set(key, value) {
      await redis.set(keyOf(key), value);
    },
  };
}
