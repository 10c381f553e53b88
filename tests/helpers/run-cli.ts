import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of Reverie's entry points the way a user would, with Node 22 from node_modules. */
export function runCli(script: string, args: string[], options: { env: Record<string, string>; stdin?: string; timeoutMs?: number }): Promise<CliResult> {
  return runCommand(process.execPath, [script, ...args], {
    cwd: new URL('../../', import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdin: options.stdin,
    timeoutMs: options.timeoutMs,
  });
}

/** Any command with exactly `env`, `stdin` written then closed; rejects (with the output so far) after `timeoutMs`. */
export function runCommand(command: string, args: string[], options: { cwd: string; env: Record<string, string>; stdin?: string | undefined; timeoutMs?: number | undefined }): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${[command, ...args].join(' ')} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

export interface ProbedStreams {
  durationSeconds: number;
  video: { codec: string; width: number; height: number } | null;
  audio: { codec: string } | null;
}

/** ffprobe straight, so tests check the file independently of Reverie's own media code. */
export async function ffprobe(path: string): Promise<ProbedStreams> {
  const { stdout } = await execFileAsync('ffprobe', ['-v', 'error', '-of', 'json', '-show_format', '-show_streams', path]);
  const parsed = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_type: string; codec_name: string; width?: number; height?: number }[] };
  const video = parsed.streams.find((stream) => stream.codec_type === 'video');
  const audio = parsed.streams.find((stream) => stream.codec_type === 'audio');
  return {
    durationSeconds: Number(parsed.format.duration),
    video: video ? { codec: video.codec_name, width: video.width ?? 0, height: video.height ?? 0 } : null,
    audio: audio ? { codec: audio.codec_name } : null,
  };
}
