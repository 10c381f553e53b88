import { readdir, readFile } from 'node:fs/promises';
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningEntry {
  child: ChildProcess;
  output(): string;
  /** Sends `signal` (SIGTERM: the graceful shutdown must finish on its own), then the exit code; 137 for SIGKILL. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /**
   * kill -9 of the process and everything it started (its ffmpeg children), as when its machine or
   * container dies; resolves once it is gone. Needs `ownProcessGroup`.
   */
  crash(): Promise<void>;
}

export interface SpawnOptions {
  /** The process leads its own process group, so `crash()` takes its children down with it. */
  ownProcessGroup?: boolean;
}

/** One of Reverie's entry points as a long-running process, for tests that stop or kill it midway. */
export function spawnEntry(script: string, args: string[], env: Record<string, string>, options: SpawnOptions = {}): RunningEntry {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: new URL('../../', import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal === 'SIGKILL' ? 137 : code)));
  return {
    child,
    output: () => output,
    stop(signal = 'SIGTERM', timeoutMs = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${script} did not stop within ${timeoutMs} ms after ${signal}\n${output}`));
        }, timeoutMs);
        void exited.then((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
    async crash() {
      if (!options.ownProcessGroup || child.pid === undefined) throw new Error('crash() needs a process spawned with ownProcessGroup');
      // The group outlives its leader while a child runs: it is gone once kill finds nobody.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
      await exited;
    },
  };
}

/** The command lines of the processes `pid` started (Linux /proc), e.g. to see which ffmpeg a worker runs. */
export async function childCommandLines(pid: number): Promise<string[][]> {
  const entries = await readdir('/proc').catch(() => []);
  const lines: string[][] = [];
  for (const entry of entries.filter((name) => /^\d+$/.test(name))) {
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Field 4 is the parent pid; the command name before it may hold spaces, so read after its ')'.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent !== pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline) lines.push(cmdline.split('\0').filter((part) => part !== ''));
  }
  return lines;
}

/** `npm start` as a long-running process, for tests that talk to it through fake platforms. */
export function spawnMain(env: Record<string, string>, options: SpawnOptions = {}): RunningEntry {
  return spawnEntry('src/main.ts', [], env, options);
}
