import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const execFileAsync = promisify(execFile);

// Node runs the TypeScript sources by stripping types, so nothing else would catch a type error.
it('type-checks the whole project (tsc --noEmit, strict)', async () => {
  const root = new URL('../../', import.meta.url).pathname;
  const result = await execFileAsync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '--noEmit', '-p', root], { cwd: root }).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? String(error),
  }));
  expect(result.stdout.trim()).toBe('');
}, 120_000);
