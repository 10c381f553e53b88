import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private redis-server for drills that stop Redis: the machine's Redis on 6379 is shared and
 * keeps nothing on disk, so it must never be killed. This one persists every write (AOF, fsync
 * always) in its own temp dir, so a kill loses nothing and a restart on the same port and dir
 * comes back with every key: what production Redis with AOF promises.
 */
export interface OwnRedis {
  /** redis://127.0.0.1:<port>, the same across restarts. */
  url: string;
  /** Kills the server at once (SIGKILL: no chance to save or say goodbye); resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and dir; resolves once it loaded its AOF and takes connections. */
  restart(): Promise<void>;
  /** Kills it (if running) and removes its dir. */
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

/** A port the OS just handed out and released: free unless something else grabs it in between. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port from the OS');
  return address.port;
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server on ${port} was not ready within ${READY_TIMEOUT_MS} ms:\n${output}`));
    }, READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      if (!output.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // Keep draining its output so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += String(chunk);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server on ${port} exited with ${code}:\n${output}`));
    });
  });
}

async function killChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'reverie-own-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = await launch(port, dir);
  return {
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      await killChild(child);
      child = null;
    },
    async restart() {
      await killChild(child);
      child = await launch(port, dir);
    },
    async close() {
      await killChild(child);
      child = null;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
