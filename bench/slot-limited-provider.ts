import { copyFile } from 'node:fs/promises';
import type { OperationHandle } from '../src/domain/operation-handle.ts';
import { ProviderError } from '../src/domain/errors.ts';
import type { VideoProvider } from '../src/ports/video-provider.ts';
import { createFakeProvider } from '../tests/helpers/fake-ports.ts';

/** A video model's account as the bench sees it: N generation slots, each operation holding one for a fixed time. */
export interface SlotLimitedProvider {
  provider: VideoProvider;
  /** [start, end) of every accepted operation, ms. */
  busy: { startedAt: number; endsAt: number }[];
  /** Creates refused with a 429 because every slot was taken. */
  readonly refusals: number;
}

/**
 * Like a real model behind one API key: at most `slots` operations run at once; a create beyond that
 * is a 429 with Retry-After = when the first slot frees. A slot frees when its operation finishes,
 * whenever Reverie polls it.
 */
export function createSlotLimitedProvider(options: { slots: number; operationMs: number; pollIntervalMs: number; clipPath?: string }): SlotLimitedProvider {
  const { clipPath } = options;
  const busy: SlotLimitedProvider['busy'] = [];
  const endsAtOf = new Map<string, number>();
  let refusals = 0;
  const fake = createFakeProvider({
    onStart(_input, call) {
      const now = Date.now();
      const running = busy.filter((slot) => slot.endsAt > now);
      if (running.length >= options.slots) {
        refusals += 1;
        const retryAfterMs = Math.min(...running.map((slot) => slot.endsAt)) - now;
        throw new ProviderError('rate-limited', `all ${options.slots} slots busy`, { status: 429, retryAfterMs });
      }
      busy.push({ startedAt: now, endsAt: now + options.operationMs });
      endsAtOf.set(`op-${call}`, now + options.operationMs);
    },
    status: (handle) => (Date.now() >= (endsAtOf.get(handle.operationId) ?? 0) ? { state: 'done' } : { state: 'running', percent: null }),
  });
  return {
    // With `clipPath` every operation "generates" that real clip, for benches that run the real ffmpeg after it.
    provider: { ...fake, pollIntervalMs: options.pollIntervalMs, ...(clipPath ? { download: (_handle: OperationHandle, destination: string) => copyFile(clipPath, destination) } : {}) },
    busy,
    get refusals() {
      return refusals;
    },
  };
}

/**
 * Σ busy slot-time / (slots × wall time while work waits): the window runs from the first create
 * to the last one, after which nothing waits for a slot any more.
 */
export function busyFraction(busy: readonly { startedAt: number; endsAt: number }[], slots: number): { fraction: number; windowMs: number } {
  const from = Math.min(...busy.map((slot) => slot.startedAt));
  const to = Math.max(...busy.map((slot) => slot.startedAt));
  const windowMs = to - from;
  if (windowMs <= 0) return { fraction: Number.NaN, windowMs };
  const busyMs = busy.reduce((sum, slot) => sum + Math.max(0, Math.min(slot.endsAt, to) - Math.max(slot.startedAt, from)), 0);
  return { fraction: busyMs / (slots * windowMs), windowMs };
}
