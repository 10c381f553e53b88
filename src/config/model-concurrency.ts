import { z } from 'zod';

/**
 * MODEL_CONCURRENCY: how many generations of one model may run at once across every worker, e.g.
 * `fal:kling-3-std=4,google:omni-1.1-flash=2`. Only the form is checked here; that each name is a
 * model is checked against the model table at start (src/models/model-limits.ts).
 */
export const modelConcurrency = z
  .string()
  .default('')
  .transform((value, context) => {
    const limits = new Map<string, number>();
    for (const item of value
      .split(',')
      .map((each) => each.trim())
      .filter((each) => each !== '')) {
      const match = /^([^=\s]+)\s*=\s*(\d+)$/.exec(item);
      const limit = Number(match?.[2]);
      if (!match?.[1] || !(limit > 0)) {
        context.addIssue({ code: 'custom', message: `"${item}" must be MODEL=N with a model id from /models (e.g. fal:kling-3-std=4) and N ≥ 1` });
        return z.NEVER;
      }
      limits.set(match[1], limit);
    }
    // Unset = no limit on any model (undefined, like the other optional limits).
    return limits.size > 0 ? (limits as ReadonlyMap<string, number>) : undefined;
  });
