import { perModelSetting } from './per-model-setting.ts';

/** At most `max` creates of one model in any `windowMs`, counted across every worker. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/**
 * MODEL_RATE_LIMIT: how many creates of one model may start in a window across every worker, as
 * the provider states its own limit, e.g. `fal:kling-3-std=10/60s,runway:gen4.5=100/1h`.
 */
export const modelRateLimit = perModelSetting('MODEL=N/DURATION with a model id from /models, N ≥ 1 and a duration in ms, s, m or h (e.g. fal:kling-3-std=10/60s)', (text) => {
  const match = /^(\d+)\s*\/\s*(\d+)\s*(ms|s|m|h)$/.exec(text);
  if (!match) return null;
  const max = Number(match[1]);
  const windowMs = Number(match[2]) * UNIT_MS[match[3] as keyof typeof UNIT_MS];
  return max > 0 && windowMs > 0 ? ({ max, windowMs } satisfies RateLimit) : null;
});
