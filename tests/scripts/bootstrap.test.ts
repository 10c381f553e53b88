import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { machinePath, REPO_ROOT } from '../helpers/fresh-checkout.ts';
import { runCommand } from '../helpers/run-cli.ts';
import { REDIS_URL } from '../helpers/test-reverie.ts';

/**
 * The bootstrap where it cannot go on: no ffmpeg and no apt on PATH (as on a Mac without
 * Homebrew), or a Node older than package.json's engines. It must stop with one sentence naming
 * the fix, not a stack trace. It runs in a directory holding only the script and package.json
 * (and a stand-in node_modules), so neither apt nor npm ever runs.
 */

let work = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reverie-bootstrap-'));
  await mkdir(join(work, 'scripts'));
  await copyFile(join(REPO_ROOT, 'scripts', 'bootstrap.sh'), join(work, 'scripts', 'bootstrap.sh'));
  await copyFile(join(REPO_ROOT, 'package.json'), join(work, 'package.json'));
  // A bin directory with every system tool except ffmpeg, ffprobe and the package managers.
  const bin = join(work, 'bin');
  await mkdir(bin);
  const hidden = new Set(['ffmpeg', 'ffprobe', 'apt-get', 'brew', 'sudo']);
  for (const dir of ['/usr/local/bin', '/usr/bin', '/bin']) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!hidden.has(name)) await symlink(join(dir, name), join(bin, name)).catch(() => undefined);
    }
  }
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it('names what to install in one sentence and exits non-zero when it cannot install ffmpeg', async () => {
  const result = await runCommand('bash', ['scripts/bootstrap.sh'], {
    cwd: work,
    env: { PATH: join(work, 'bin'), HOME: work, TMPDIR: work, npm_lifecycle_event: 'prestart' },
    timeoutMs: 30_000,
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Reverie needs ffmpeg[^:]*: install it with your package manager .*then run npm start again\.$/);
});

it('refuses a project Node older than the engines minimum with one sentence', async () => {
  // An install npm made after the last lock change (adopted without npm ci) whose Node is too old.
  await writeFile(join(work, 'package-lock.json'), '{}');
  await mkdir(join(work, 'node_modules', '.bin'), { recursive: true });
  await writeFile(join(work, 'node_modules', '.package-lock.json'), '{}');
  const past = new Date(Date.now() - 60_000);
  await utimes(join(work, 'package-lock.json'), past, past);
  await writeFile(join(work, 'node_modules', '.bin', 'node'), '#!/bin/sh\necho v20.19.0\n');
  await chmod(join(work, 'node_modules', '.bin', 'node'), 0o755);

  const result = await runCommand('bash', ['scripts/bootstrap.sh'], {
    cwd: work,
    env: { PATH: machinePath(), HOME: work, TMPDIR: work, REDIS_URL, npm_lifecycle_event: 'pretest' },
    timeoutMs: 30_000,
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Reverie needs Node 22\.18 or newer and found 20\.19\.0 .*run npm test again.*\.$/)]);
});
