import { z } from 'zod';

/**
 * A setting given per model as comma-separated `MODEL=VALUE` pairs (MODEL_CONCURRENCY,
 * MODEL_RATE_LIMIT). Only the form is checked here; that each name is a model is checked against
 * the model table at start (src/models/model-limits.ts). Unset or empty = undefined (no limit).
 */
export function perModelSetting<T>(form: string, parseValue: (text: string) => T | null) {
  return z
    .string()
    .default('')
    .transform((value, context) => {
      const settings = new Map<string, T>();
      for (const item of value
        .split(',')
        .map((each) => each.trim())
        .filter((each) => each !== '')) {
        const match = /^([^=\s]+)\s*=\s*(.+)$/.exec(item);
        const parsed = match?.[2] === undefined ? null : parseValue(match[2].trim());
        if (!match?.[1] || parsed === null) {
          context.addIssue({ code: 'custom', message: `"${item}" must be ${form}` });
          return z.NEVER;
        }
        settings.set(match[1], parsed);
      }
      return settings.size > 0 ? (settings as ReadonlyMap<string, T>) : undefined;
    });
}
