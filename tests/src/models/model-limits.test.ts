import { expect, it } from 'vitest';
import { ConfigError } from '../../../src/domain/errors.ts';
import { findModelRow } from '../../../src/models/model-table.ts';
import { concurrencyByModelKey } from '../../../src/models/model-limits.ts';

it('keys MODEL_CONCURRENCY by the model table: a provider model id counts as its row, an unknown name stops the start', () => {
  expect(concurrencyByModelKey(undefined)).toBeUndefined();
  const veo = findModelRow('google:veo-3.1');
  expect(veo).toBeDefined();
  const limits = concurrencyByModelKey(
    new Map([
      ['fal:kling-3-std', 4],
      [veo?.modelId ?? '', 10],
    ]),
  );
  expect(Object.fromEntries(limits ?? [])).toEqual({ 'fal:kling-3-std': 4, 'google:veo-3.1': 10 });
  expect(() => concurrencyByModelKey(new Map([['fal:no-such-model', 2]]))).toThrow(ConfigError);
  expect(() => concurrencyByModelKey(new Map([['fal:no-such-model', 2]]))).toThrow(/MODEL_CONCURRENCY: "fal:no-such-model" is not a model id/);
});
