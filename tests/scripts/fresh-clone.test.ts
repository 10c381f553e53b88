import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyCheckout, machinePath } from '../helpers/fresh-checkout.ts';
import { ffprobe, runCommand } from '../helpers/run-cli.ts';
import { REDIS_URL } from '../helpers/test-reverie.ts';
import { deletePrefix } from '../../src/queue/redis-connection.ts';

/**
 * The README's promise: on a fresh clone `npm start` is the only command. Its prestart bootstrap
 * installs the dependencies (the pinned Node 22 among them) under the machine's own Node, then the
 * terminal chat makes a short. npm ci takes the warm npm cache (prefer-offline) and reaches no
 * further than it; no tokens are set, so nothing else leaves the machine.
 */

let clone = '';
let env: Record<string, string> = {};

beforeAll(async () => {
  clone = await mkdtemp(join(tmpdir(), 'reverie-clone-'));
  await copyCheckout(clone);
  env = {
    PATH: machinePath(),
    HOME: process.env.HOME ?? '/tmp',
    // The bootstrap's apt/npm log goes here, not into a /tmp file other runs share.
    TMPDIR: clone,
    npm_config_prefer_offline: 'true',
    REDIS_URL,
    QUEUE_PREFIX: `test-clone-${randomBytes(4).toString('hex')}`,
    DATA_DIR: join(clone, 'data'),
  };
});
afterAll(async () => {
  if (env.QUEUE_PREFIX) await deletePrefix(REDIS_URL, env.QUEUE_PREFIX);
  if (clone) await rm(clone, { recursive: true, force: true });
});

/** The bootstrap's own log, to explain a failure. */
const bootstrapLog = () => readFile(join(clone, 'reverie-bootstrap.log'), 'utf8').catch(() => '(no bootstrap log)');

it('npm start on a fresh clone installs what is missing, reaches the terminal chat and makes an MP4; the next bootstrap is quick and silent', async () => {
  expect(existsSync(join(clone, 'node_modules'))).toBe(false);
  const result = await runCommand('npm', ['start'], {
    cwd: clone,
    env,
    stdin: 'make a 4 second short about the first snow\n',
    timeoutMs: 230_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.code, `${output}\n${await bootstrapLog()}`).toBe(0);
  expect(output).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|vitest: not found|\n\s+at /);
  expect(result.stdout).toContain('Reverie — type what to make');
  expect(result.stdout).toContain('Got it');
  const saved = /Saved (.+\.mp4)/.exec(result.stdout)?.[1] ?? '';
  expect(saved.startsWith(join(clone, 'data')), result.stdout).toBe(true);
  const probe = await ffprobe(saved);
  expect(probe.video?.codec).toBe('h264');
  expect(probe.durationSeconds).toBeGreaterThan(3.4);
  expect(probe.durationSeconds).toBeLessThan(4.6);
  // The chat ran on the clone's own pinned Node, whatever Node the machine has.
  expect(existsSync(join(clone, 'node_modules', '.bin', 'node'))).toBe(true);

  // Then the bootstrap before every start and test run is quick and silent. One test with the
  // install above: alone (or first) this would be a second install, not the quick path.
  expect(existsSync(join(clone, 'node_modules', '.reverie-bootstrap')), 'the install above did not finish').toBe(true);
  const started = performance.now();
  const again = await runCommand('bash', ['scripts/bootstrap.sh'], { cwd: clone, env, timeoutMs: 30_000 });
  const elapsedMs = performance.now() - started;
  expect(again).toEqual({ code: 0, stdout: '', stderr: '' });
  expect(elapsedMs).toBeLessThan(1_000);
}, 270_000);
