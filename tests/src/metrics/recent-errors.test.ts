import { expect, it } from 'vitest';
import { createRecentErrors } from '../../../src/metrics/recent-errors.ts';

it('keeps the latest errors newest first, bounded, with long messages cut', () => {
  let clock = 1_000;
  const errors = createRecentErrors(3, () => clock++);
  for (const provider of ['a', 'b', 'c', 'd']) errors.add({ provider, kind: 'unavailable', detail: provider === 'd' ? 'x'.repeat(1_000) : 'down' });
  const listed = errors.list();
  expect(listed.map((entry) => entry.provider)).toEqual(['d', 'c', 'b']);
  expect(listed[0]?.detail.length).toBe(300);
  expect(listed[0]?.atMs).toBe(1_003);
});
