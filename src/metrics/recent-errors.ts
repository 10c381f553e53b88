import type { Redis } from 'ioredis';
import { z } from 'zod';

/** One provider error as the owner's page lists it. */
export const ProviderErrorEntry = z.object({
  provider: z.string(),
  /** The `/models` key (or the provider's model id) the failing call was for. */
  model: z.string(),
  /** The ErrorKind, as text: shown, never acted on. */
  kind: z.string(),
  /** The error's message, cut short, with this process's configured secrets masked. */
  detail: z.string(),
  atMs: z.number(),
});
export type ProviderErrorEntry = z.infer<typeof ProviderErrorEntry>;

export interface RecentErrors {
  add(entry: Omit<ProviderErrorEntry, 'atMs'>): Promise<void>;
  /** Newest first, from every process on this Redis. */
  list(): Promise<ProviderErrorEntry[]>;
}

/** A provider's message can quote a whole response body: the page needs the gist, not the dump. */
const MAX_DETAIL_CHARS = 300;

/**
 * The latest provider errors of every process on one Redis, in a capped list under the queue
 * prefix: the owner's page is served by one process, but the errors happen in the workers. The cap
 * keeps memory bounded however noisy a provider gets; the message is masked before it leaves the
 * process, since the page's process may not know the worker's secrets.
 */
export function createRecentErrors(options: { redis: Redis; prefix: string; mask: (text: string) => string; capacity?: number; now?: () => number }): RecentErrors {
  const { redis, mask } = options;
  const key = `${options.prefix}:provider-errors`;
  const capacity = options.capacity ?? 50;
  const now = options.now ?? Date.now;
  return {
    async add(entry) {
      const stored: ProviderErrorEntry = { ...entry, detail: mask(entry.detail).slice(0, MAX_DETAIL_CHARS), atMs: now() };
      await redis
        .multi()
        .lpush(key, JSON.stringify(stored))
        .ltrim(key, 0, capacity - 1)
        .exec();
    },
    async list() {
      const lines = await redis.lrange(key, 0, capacity - 1);
      // An entry another version wrote in another shape is left out, not an error page.
      return lines.flatMap((line) => {
        const parsed = ProviderErrorEntry.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data] : [];
      });
    },
  };
}
