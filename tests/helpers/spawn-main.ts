import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningMain {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code (the graceful shutdown must finish on its own). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** `npm start` as a long-running process, for tests that talk to it through fake platforms. */
export function spawnMain(env: Record<string, string>): RunningMain {
  const child = spawn(process.execPath, ['src/main.ts'], {
    cwd: new URL('../../', import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => { output += String(chunk); });
  child.stderr?.on('data', (chunk) => { output += String(chunk); });
  return {
    child,
    output: () => output,
    stop(timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`src/main.ts did not stop within ${timeoutMs} ms after SIGTERM\n${output}`));
        }, timeoutMs);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill('SIGTERM');
      });
    },
  };
}
