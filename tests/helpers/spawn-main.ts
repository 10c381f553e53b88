import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningEntry {
  child: ChildProcess;
  output(): string;
  /** Sends `signal` (SIGTERM: the graceful shutdown must finish on its own), then the exit code; 137 for SIGKILL. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/** One of Reverie's entry points as a long-running process, for tests that stop or kill it midway. */
export function spawnEntry(script: string, args: string[], env: Record<string, string>): RunningEntry {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: new URL('../../', import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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
  };
}

/** `npm start` as a long-running process, for tests that talk to it through fake platforms. */
export function spawnMain(env: Record<string, string>): RunningEntry {
  return spawnEntry('src/main.ts', [], env);
}
