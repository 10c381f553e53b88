import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobe, runCli } from '../../helpers/run-cli.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';

const execFileAsync = promisify(execFile);
let workDir = '';

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'reverie-console-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function envFor(name: string): Record<string, string> {
  return { REDIS_URL, QUEUE_PREFIX: `test-${name}-${randomBytes(4).toString('hex')}`, DATA_DIR: join(workDir, name) };
}

describe('npm run make (one-shot)', () => {
  it('writes a 9:16 H.264/AAC short with the Chinese script, from a text file and an avatar', async () => {
    const textPath = join(workDir, 'holiday.txt');
    await writeFile(textPath, '新年快乐！愿你万事如意，阖家幸福。');
    const avatarPath = join(workDir, 'me.png');
    await execFileAsync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=400x400:d=1', '-frames:v', '1', avatarPath]);
    const outPath = join(workDir, 'short.mp4');
    const result = await runCli('src/cli/make.ts', ['make this holiday text into a short with my avatar', '--text', textPath, '--avatar', avatarPath, '--out', outPath], {
      env: envFor('make'),
      timeoutMs: 90_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(outPath);
    // The storyboard preview came first, saved beside the clip: a JPEG of the first frame at half size.
    const previewPath = outPath.replace(/\.mp4$/, '.preview.jpg');
    expect(result.stdout.indexOf(previewPath)).toBeLessThan(result.stdout.indexOf(`Saved ${outPath}`));
    expect(await ffprobe(previewPath)).toMatchObject({ video: { width: 360, height: 640 } });
    const planSeconds = Number(/ · (\d+(?:\.\d+)?)s · /.exec(result.stdout)?.[1]);
    expect(planSeconds).toBeGreaterThan(0);
    const probe = await ffprobe(outPath);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 720, height: 1280 });
    expect(probe.audio?.codec).toBe('aac');
    expect(Math.abs(probe.durationSeconds - planSeconds)).toBeLessThanOrEqual(0.5);
  }, 120_000); // a real offline render, levelled and fitted, in a child process: as long as the CLI may take

  it('answers an empty sentence with help and no job', async () => {
    const result = await runCli('src/cli/make.ts', ['   '], { env: envFor('empty') });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Tell me what to make');
  });
});

describe('npm start (terminal chat)', () => {
  it('takes a quoted text and a sentence from stdin, answers, and exits when stdin closes', async () => {
    const env = envFor('chat');
    const result = await runCli('src/main.ts', [], {
      env,
      stdin: '> Thank you for everything, 谢谢你!\nmake this into a 4 second short\n',
      timeoutMs: 90_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Got it');
    expect(result.stdout).toMatch(/Queued|Planning|Generating/);
    const saved = /Saved (.+\.mp4)/.exec(result.stdout)?.[1];
    expect(saved, result.stdout).toBeTruthy();
    const probe = await ffprobe(saved ?? '');
    expect(probe.durationSeconds).toBeGreaterThan(3.4);
    expect(probe.durationSeconds).toBeLessThan(4.6);
  }, 120_000);
});
