import { copyFile, writeFile } from 'node:fs/promises';
import type { ReverieOverrides } from '../../src/app/create-reverie.ts';
import type { Media, MediaProbe } from '../../src/ports/media.ts';
import type { OperationStatus, ShotInput, VideoProvider } from '../../src/ports/video-provider.ts';
import type { OperationHandle } from '../../src/domain/operation-handle.ts';

/**
 * In-process fakes for the ports, for queue-behaviour tests where real rendering would only add
 * time. They record their calls and take scripted outcomes, like the AI SDK's mock models.
 */

const PROBE: MediaProbe = {
  durationSeconds: 4,
  sizeBytes: 1000,
  formatName: 'mp4',
  video: { codec: 'h264', width: 720, height: 1280, pixelFormat: 'yuv420p', sampleAspectRatio: '1:1', fps: 24 },
  audio: { codec: 'aac', sampleRate: 48000, channels: 2 },
};

export function createFakeMedia(): Media {
  return {
    probe: async () => PROBE,
    fitToLimit: async (input, output) => {
      await copyFile(input, output);
      return { method: 'copy', sizeBytes: PROBE.sizeBytes };
    },
    assemble: async (input) => {
      await writeFile(input.outputPath, `assembled ${input.shotPaths.length}`);
      return PROBE;
    },
    normalizeLoudness: async (input, output) => {
      await copyFile(input, output);
      return { inputLufs: null, gainDb: 0 };
    },
    thumbnail: async (_input, output) => writeFile(output, 'jpeg'),
    lastFrame: async (_input, output) => writeFile(output, 'last frame'),
  };
}

export type ScriptedStart = (input: ShotInput, call: number) => Promise<void> | void;

export interface FakeProvider extends VideoProvider {
  starts: ShotInput[];
  statusCalls: number;
  /** Operation ids `cancel` was called with (only when made with `cancellable`). */
  cancels: string[];
}

/** A provider whose `start` runs a script (throw to fail) and whose operations finish at once. */
export function createFakeProvider(
  options: { id?: string; modelId?: string; onStart?: ScriptedStart; status?: (handle: OperationHandle, call: number) => OperationStatus; cancellable?: boolean } = {},
): FakeProvider {
  const provider: FakeProvider = {
    id: options.id ?? 'fake',
    // A model id from the table (with its provider id) gives the fake that model's dated price.
    modelId: options.modelId ?? 'fake-model-1',
    pollIntervalMs: 50,
    starts: [],
    statusCalls: 0,
    cancels: [],
    async start(input) {
      provider.starts.push(input);
      await options.onStart?.(input, provider.starts.length);
      return { provider: provider.id, operationId: `op-${provider.starts.length}`, data: { shot: input.shotIndex } };
    },
    async status(handle) {
      provider.statusCalls += 1;
      return options.status?.(handle, provider.statusCalls) ?? { state: 'done' };
    },
    async download(handle, destination) {
      await writeFile(destination, `video ${handle.operationId}`);
    },
  };
  if (options.cancellable) {
    provider.cancel = async (handle) => {
      provider.cancels.push(handle.operationId);
    };
  }
  return provider;
}

/**
 * The storyboard-preview set-up: a fake serving Omni's model id (so the table's dated price gives
 * an estimate) that holds its first clip back until `release()`, in a Reverie with fake media.
 */
export function holdFirstClip(): { overrides: ReverieOverrides; release: () => void } {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const provider = createFakeProvider({ id: 'omni', modelId: 'gemini-omni-1.1-flash', onStart: (_input, call) => (call === 1 ? held : undefined) });
  return { overrides: { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() }, release: () => release() };
}
