import type { ErrorKind } from '../domain/errors.ts';

/** One provider error as the owner's page lists it. */
export interface ProviderErrorEntry {
  provider: string;
  kind: ErrorKind;
  /** The error's message, cut short; secrets are masked when the page renders it. */
  detail: string;
  atMs: number;
}

export interface RecentErrors {
  add(entry: Omit<ProviderErrorEntry, 'atMs'>): void;
  /** Newest first. */
  list(): ProviderErrorEntry[];
}

/** A provider's message can quote a whole response body: the page needs the gist, not the dump. */
const MAX_DETAIL_CHARS = 300;

/**
 * A ring buffer of this process's latest provider errors: memory stays bounded however noisy a
 * provider gets, and the page shows what went wrong recently without a database write per error.
 */
export function createRecentErrors(capacity = 50, now: () => number = Date.now): RecentErrors {
  const entries: ProviderErrorEntry[] = [];
  return {
    add(entry) {
      entries.push({ ...entry, detail: entry.detail.slice(0, MAX_DETAIL_CHARS), atMs: now() });
      if (entries.length > capacity) entries.shift();
    },
    list: () => [...entries].reverse(),
  };
}
