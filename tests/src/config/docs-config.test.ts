import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ConfigSchema } from '../../../src/config/config-schema.ts';
import { parseConfig } from '../../../src/config/load-config.ts';

const root = new URL('../../../', import.meta.url);
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

// A documented default that differs from the code's is worse than none: the three must agree.
it('states the same default in the schema, the README table and .env.example', () => {
  const readme = read('README.md');
  const example = read('.env.example');
  const defaults = parseConfig({});
  const disagreements: string[] = [];
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = defaults[key as keyof typeof defaults];
    if (value === undefined || Array.isArray(value)) continue;
    const documented = new RegExp(`^\\| \`${key}\` \\| \`([^\`]*)\``, 'm').exec(readme)?.[1];
    const exampled = new RegExp(`^#? ?${key}=(.*)$`, 'm').exec(example)?.[1];
    if (documented !== String(value)) disagreements.push(`README ${key}: ${documented} ≠ ${String(value)}`);
    if (exampled !== String(value)) disagreements.push(`.env.example ${key}: ${exampled} ≠ ${String(value)}`);
  }
  expect(disagreements).toEqual([]);
  expect(defaults.VIDEO_DOWNLOAD_MAX_BYTES).toBeDefined();
});
