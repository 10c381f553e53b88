import { expect, it } from 'vitest';
import { ConfigError } from '../../../src/domain/errors.ts';
import { findModelRow } from '../../../src/models/model-table.ts';
import { limitsByModelKey } from '../../../src/models/model-limits.ts';

it('keys MODEL_CONCURRENCY and MODEL_RATE_LIMIT by the model table: a provider model id counts as its row, an unknown name stops the start', () => {
  expect(limitsByModelKey('MODEL_CONCURRENCY', undefined)).toBeUndefined();
  const veo = findModelRow('google:veo-3.1');
  expect(veo).toBeDefined();
  const limits = limitsByModelKey(
    'MODEL_CONCURRENCY',
    new Map([
      ['fal:kling-3-std', 4],
      [veo?.modelId ?? '', 10],
    ]),
  );
  expect(Object.fromEntries(limits ?? [])).toEqual({ 'fal:kling-3-std': 4, 'google:veo-3.1': 10 });
  expect(() => limitsByModelKey('MODEL_CONCURRENCY', new Map([['fal:no-such-model', 2]]))).toThrow(ConfigError);
  expect(() => limitsByModelKey('MODEL_CONCURRENCY', new Map([['fal:no-such-model', 2]]))).toThrow(/MODEL_CONCURRENCY: "fal:no-such-model" is not a model id/);
  expect(() => limitsByModelKey('MODEL_RATE_LIMIT', new Map([['fal:no-such-model', { max: 1, windowMs: 1_000 }]]))).toThrow(/MODEL_RATE_LIMIT: "fal:no-such-model" is not a model id/);
  expect(Object.fromEntries(limitsByModelKey('MODEL_RATE_LIMIT', new Map([[veo?.modelId ?? '', { max: 10, windowMs: 60_000 }]])) ?? [])).toEqual({ 'google:veo-3.1': { max: 10, windowMs: 60_000 } });
});
