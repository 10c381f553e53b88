import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geminiAnswer, omniCompleted, omniInProgress, startFakeGoogle, type FakeGoogle } from '../../fakes/fake-google.ts';
import { makeClip } from '../../fixtures/make-media.ts';
import { ffprobe, runCli } from '../../helpers/run-cli.ts';
import { REDIS_URL } from '../../helpers/test-reverie.ts';
import { fakeGoogleEnv, oneShotPlan } from '../../helpers/model-harness.ts';

let dir = '';
let google: FakeGoogle;
const prefix = `test-make-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reverie-make-cli-'));
  google = await startFakeGoogle({ videoPath: await makeClip(join(dir, 'omni.mp4'), { width: 720, height: 1280, seconds: 4 }) });
});

afterAll(async () => {
  await google.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run make with VIDEO_PROVIDER=omni', () => {
  it('produces a playable clip from the fake Gemini API', async () => {
    google.script('generateContent', geminiAnswer(JSON.stringify(oneShotPlan('en'))));
    google.script(
      'interactions.get',
      (request) => omniInProgress(request.id ?? ''),
      (request) => omniCompleted(request.id ?? '', google.url),
    );
    const out = join(dir, 'short.mp4');
    const result = await runCli('src/cli/make.ts', ['a rainy evening that feels like missing home', '--out', out], {
      env: { ...fakeGoogleEnv(google), REDIS_URL, QUEUE_PREFIX: prefix, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
      timeoutMs: 60_000,
    });

    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('gemini-omni-1.1-flash');
    const probe = await ffprobe(out);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 720, height: 1280 });
    expect(probe.audio?.codec).toBe('aac');
    expect(google.calls('interactions.create')).toHaveLength(1);
    // Every call the CLI made went to the fake on 127.0.0.1.
    expect(google.calls('unknown')).toHaveLength(0);
  });
});
