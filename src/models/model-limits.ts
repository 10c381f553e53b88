import { ConfigError } from '../domain/errors.ts';
import { findModelRow } from './model-table.ts';

/**
 * A per-model setting (MODEL_CONCURRENCY, MODEL_RATE_LIMIT) by model-table key: a provider's model
 * id (`veo-3.1-generate-001`) counts as its row's key, so one model has one counter whatever name
 * the owner used. An unknown name stops the start with the setting named, like any other wrong setting.
 */
export function limitsByModelKey<T>(setting: string, limits: ReadonlyMap<string, T> | undefined): ReadonlyMap<string, T> | undefined {
  if (!limits) return undefined;
  const byKey = new Map<string, T>();
  for (const [name, limit] of limits) {
    const row = findModelRow(name);
    if (!row) throw new ConfigError(`${setting}: "${name}" is not a model id from /models (e.g. fal:kling-3-std)`);
    byKey.set(row.key, limit);
  }
  return byKey;
}
