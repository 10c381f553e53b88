import { Redis } from 'ioredis';

/**
 * Two kinds of connection, as BullMQ's production guide asks: workers must block and wait
 * forever (`maxRetriesPerRequest: null`), producers must fail fast so a Redis outage becomes a
 * clear reply instead of a hung chat command.
 */
export function createRedisConnection(url: string, role: 'worker' | 'producer'): Redis {
  return new Redis(url, role === 'worker' ? { maxRetriesPerRequest: null, enableReadyCheck: true } : { maxRetriesPerRequest: 2, enableOfflineQueue: false, connectTimeout: 5_000 });
}

/** Resolves once the connection is ready, or rejects with a message that names the fix. */
export async function waitForRedis(redis: Redis, url: string, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis at ${url.replace(/\/\/[^@]*@/, '//***@')} did not answer within ${timeoutMs} ms. Start it (redis-server) or set REDIS_URL.`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

/** Removes every key of one install (a bench's or a test's throwaway prefix); SCAN, so Redis never blocks. */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const redis = createRedisConnection(url, 'producer');
  try {
    await waitForRedis(redis, url);
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    await redis.quit();
  }
}
