import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedia } from '../../../../src/media/create-media.ts';
import type { ShotInput } from '../../../../src/ports/video-provider.ts';
import { createLocalVideoProvider } from '../../../../src/providers/local/local-video-provider.ts';
import { makeStill, makeWorkDir, meanVolumeDb, samplePlan } from '../../../fixtures/make-media.ts';

const media = createMedia();
const provider = createLocalVideoProvider({ media });
let work: Awaited<ReturnType<typeof makeWorkDir>>;
beforeAll(async () => {
  work = await makeWorkDir();
});
afterAll(() => work.remove());

const plan = samplePlan({
  mood: 'dreamy',
  shots: [
    { seconds: 3, onScreenText: '灯笼升起，愿望成真' },
    { seconds: 3, onScreenText: "Wishes: 100% {real} \\n 'quoted'" },
  ],
});
const shotInput = (overrides: Partial<ShotInput>): ShotInput => ({
  plan,
  shotIndex: 0,
  avatar: null,
  workDir: work.path,
  seconds: 3,
  previous: null,
  instruction: null,
  ...overrides,
});

async function expectGoodShot(path: string, seconds: number): Promise<void> {
  const probe = await media.probe(path);
  expect(Math.abs(probe.durationSeconds - seconds)).toBeLessThan(0.1);
  expect(probe.video).toMatchObject({ codec: 'h264', width: 720, height: 1280, pixelFormat: 'yuv420p' });
  expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
  expect(await meanVolumeDb(path)).toBeGreaterThan(-60);
}

describe('local video provider', () => {
  it('names itself', () => {
    expect(provider.id).toBe('local');
    expect(provider.modelId).toBe('reverie-storyboard-1');
  });

  it('renders a 9:16 backdrop shot with title and caption, reporting progress', async () => {
    const reports: number[] = [];
    const handle = await provider.start(shotInput({ seconds: 3.5 }), { onProgress: (percent) => reports.push(percent) });
    expect(handle).toEqual({ provider: 'local', operationId: join(work.path, 'local-shot-0.mp4'), data: {} });
    await expectGoodShot(handle.operationId, 3.5);
    expect(reports.at(-1)).toBe(100);
  });

  it('renders an avatar shot (the avatar in its round frame) with a hostile caption', async () => {
    const avatar = { path: await makeStill(join(work.path, 'avatar.png'), 600, 800), mimeType: 'image/png' };
    const handle = await provider.start(shotInput({ shotIndex: 1, avatar }));
    await expectGoodShot(handle.operationId, 3);
  });

  it('reports done for a rendered file, retryable failure when it is gone, and downloads a copy', async () => {
    const handle = await provider.start(shotInput({ plan: samplePlan({ aspectRatio: '16:9', mood: 'epic', shots: [{ seconds: 2 }] }), seconds: 2 }));
    expect((await media.probe(handle.operationId)).video).toMatchObject({ width: 1280, height: 720 });
    expect(await provider.status(handle)).toEqual({ state: 'done' });
    const destination = join(work.path, 'downloaded.mp4');
    await provider.download(handle, destination);
    expect((await stat(destination)).size).toBe((await stat(handle.operationId)).size);
    await access(handle.operationId);

    const gone = { ...handle, operationId: join(work.path, 'gone.mp4') };
    expect(await provider.status(gone)).toMatchObject({ state: 'failed', retryable: true });
  });

  it('rejects a shot index the plan does not have', async () => {
    await expect(provider.start(shotInput({ shotIndex: 5 }))).rejects.toThrow(/no shot 5/);
  });
});
