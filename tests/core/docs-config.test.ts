import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config/config-schema.ts';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

// Self-hosters configure Reverie from the README table and .env.example: neither may drift from the code.
it('documents every setting in the README table and in .env.example', () => {
  const readme = read('README.md');
  const example = read('.env.example');
  const keys = Object.keys(ConfigSchema.shape);
  const undocumented = keys.filter((key) => !readme.includes(`| \`${key}\``));
  const missingExample = keys.filter((key) => !new RegExp(`^#? ?${key}=`, 'm').test(example));
  expect(undocumented).toEqual([]);
  expect(missingExample).toEqual([]);
});
