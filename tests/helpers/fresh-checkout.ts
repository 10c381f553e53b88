import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/**
 * What a fresh clone holds: the files git knows (tracked, plus new ones not ignored, so an
 * uncommitted change is tested too), copied to `target`; no node_modules, data or .env.
 */
export async function copyCheckout(target: string): Promise<void> {
  const { stdout } = await execFileAsync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  const files = [...new Set(stdout.split('\0').filter((file) => file !== ''))].filter((file) => existsSync(join(REPO_ROOT, file)));
  for (const file of files) {
    await mkdir(dirname(join(target, file)), { recursive: true });
    await cp(join(REPO_ROOT, file), join(target, file));
  }
}

/**
 * PATH as the user's shell has it: without the node_modules/.bin directories npm and npx put in
 * front, which would hand this checkout's Node 22 to a clone that must install its own.
 */
export function machinePath(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry !== '' && !entry.includes(`node_modules`))
    .join(delimiter);
}
