import { readFile } from 'node:fs/promises';
import { GenerateVideosOperation, type GenerateVideosParameters } from '@google/genai';
import type { AspectRatio } from '../../domain/creative-plan.ts';
import { ProviderError } from '../../domain/errors.ts';
import type { OperationStatus, ProviderCallOptions, ShotInput, VideoProvider } from '../../ports/video-provider.ts';
import type { OperationHandle } from '../../domain/operation-handle.ts';
import { createVertexClient } from '../google-client.ts';
import { SAFETY_WORDING, toProviderError } from '../google-errors.ts';
import { saveBase64Video } from '../save-video.ts';
import { buildShotPrompt, loadModelConventions } from '../shot-prompt.ts';
import type { RemoteProviderOptions } from '../remote-provider-options.ts';
import { sentAvatar, startPicture } from '../start-picture.ts';

/**
 * Veo 3.1 on Vertex through `ai.models.generateVideos`. `start` makes one create (no SDK
 * retries are configured, so none happen) and returns the operation name at once; `status`
 * rebuilds the operation from that name alone, so any process can resume; the video comes back
 * as bytes inside the finished operation.
 *
 * No `cancel`: a Veo operation on Vertex cannot be stopped. The API has only create
 * (`:predictLongRunning`) and poll (`:fetchPredictOperation`), `@google/genai` has no call that
 * cancels a video operation, and `generateVideos`' abortSignal is client-side only (the job still
 * runs and is billed). At GENERATION_DEADLINE_MS the render step abandons it; Google finishes it.
 */

export const VEO_PROVIDER_ID = 'veo';
const LABEL = 'Veo';
const VEO_SECONDS = [4, 6, 8] as const;

/** The shortest Veo length that holds the shot (4, 6 or 8 s). */
export function snapVeoSeconds(seconds: number): number {
  const wanted = Math.round(seconds);
  return VEO_SECONDS.find((allowed) => allowed >= wanted) ?? 8;
}

export function veoAspectRatio(aspectRatio: AspectRatio): '9:16' | '16:9' {
  return aspectRatio === '9:16' ? '9:16' : '16:9';
}

/** Veo has no separate download: the finished poll carries the bytes. */
export interface VeoProviderOptions extends Omit<RemoteProviderOptions, 'downloadTimeoutMs' | 'statusTimeoutMs'> {
  /** VERTEX_API_KEY (express mode); else project + location with Application Default Credentials. */
  apiKey?: string | undefined;
  project?: string | undefined;
  location: string;
  /** VERTEX_BASE_URL, no trailing slash. */
  baseUrl: string;
  /** VEO_MODEL, e.g. veo-3.1-fast-generate-001. */
  model: string;
  /** Polls carry the whole video (base64) once done, so this also bounds that transfer. */
  statusTimeoutMs: number;
}

/** google.rpc.Code values worth a fresh create: CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE. */
const RETRYABLE_CODES = new Set([1, 4, 8, 10, 13, 14]);

export function createVeoProvider(options: VeoProviderOptions): VideoProvider {
  const ai = createVertexClient(options);
  const conventions = loadModelConventions('veo');
  // A finished operation holds the video bytes: keep the last few so download need not fetch again.
  const finished = new Map<string, GenerateVideosOperation>();

  const fetchOperation = async (name: string, signal?: AbortSignal): Promise<GenerateVideosOperation> => {
    const operation = new GenerateVideosOperation();
    operation.name = name;
    try {
      return await ai.operations.getVideosOperation({
        operation,
        config: { httpOptions: { timeout: options.statusTimeoutMs }, ...(signal ? { abortSignal: signal } : {}) },
      });
    } catch (error) {
      throw toProviderError(error, 'read', LABEL);
    }
  };

  const remember = (name: string, operation: GenerateVideosOperation) => {
    finished.set(name, operation);
    while (finished.size > 4) finished.delete(finished.keys().next().value as string);
  };

  return {
    id: VEO_PROVIDER_ID,
    modelId: options.model,
    pollIntervalMs: options.pollIntervalMs,
    // Veo starts from an image: with no avatar to send, the previous shot's last frame serves.
    wantsFirstFrame: (input: ShotInput) => sentAvatar(input, options.sendAvatarImage) === null,

    async start(input: ShotInput, callOptions: ProviderCallOptions = {}): Promise<OperationHandle> {
      const durationSeconds = snapVeoSeconds(input.seconds);
      const aspectRatio = veoAspectRatio(input.plan.aspectRatio);
      const picture = startPicture(input, options.sendAvatarImage);
      const prompt = buildShotPrompt(input.plan, input.shotIndex, conventions, { imageAttached: picture !== null });
      const image = picture ? { imageBytes: (await readFile(picture.path)).toString('base64'), mimeType: picture.mimeType } : undefined;
      const negativePrompt = input.plan.negativePrompt.trim();
      const parameters: GenerateVideosParameters = {
        model: options.model,
        source: { prompt, ...(image ? { image } : {}) },
        config: {
          aspectRatio,
          durationSeconds,
          resolution: '720p',
          numberOfVideos: 1,
          personGeneration: 'allow_adult',
          generateAudio: true,
          ...(negativePrompt ? { negativePrompt } : {}),
          httpOptions: { timeout: options.createTimeoutMs },
          ...(callOptions.signal ? { abortSignal: callOptions.signal } : {}),
        },
      };
      let operation: GenerateVideosOperation;
      try {
        operation = await ai.models.generateVideos(parameters);
      } catch (error) {
        throw toProviderError(error, 'create', LABEL);
      }
      if (!operation.name) throw new ProviderError('outcome-unknown', `${LABEL}: the create call returned no operation name`);
      return {
        provider: VEO_PROVIDER_ID,
        operationId: operation.name,
        data: { model: options.model, seconds: durationSeconds, aspectRatio, imageAttached: image !== undefined },
      };
    },

    async status(handle: OperationHandle, callOptions: ProviderCallOptions = {}): Promise<OperationStatus> {
      const operation = await fetchOperation(handle.operationId, callOptions.signal);
      if (!operation.done) return { state: 'running', percent: null };
      if (operation.error) {
        const code = Number(operation.error.code);
        const message = String(operation.error.message ?? 'generation failed').slice(0, 160);
        if (SAFETY_WORDING.test(message)) return { state: 'refused', reason: message };
        return { state: 'failed', retryable: RETRYABLE_CODES.has(code), reason: `${LABEL}: ${message}` };
      }
      const response = operation.response;
      const video = response?.generatedVideos?.[0]?.video;
      if ((response?.raiMediaFilteredCount ?? 0) > 0 || !video) {
        const reasons = (response?.raiMediaFilteredReasons ?? []).join('; ').slice(0, 160);
        return { state: 'refused', reason: reasons || 'the video was filtered by the safety checks' };
      }
      remember(handle.operationId, operation);
      return { state: 'done' };
    },

    async download(handle: OperationHandle, destinationPath: string, callOptions: ProviderCallOptions = {}): Promise<void> {
      const operation = finished.get(handle.operationId) ?? (await fetchOperation(handle.operationId, callOptions.signal));
      finished.delete(handle.operationId);
      const video = operation.response?.generatedVideos?.[0]?.video;
      if (video?.videoBytes) return saveBase64Video(video.videoBytes, destinationPath, LABEL, options.downloadMaxBytes);
      if (video?.uri) throw new ProviderError('invalid', `${LABEL}: the video is at ${video.uri.split('?')[0]}; Reverie reads inline bytes only (no outputGcsUri)`);
      throw new ProviderError('invalid', `${LABEL}: operation ${handle.operationId} has no video to download`);
    },
  };
}
