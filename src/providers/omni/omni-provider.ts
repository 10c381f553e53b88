import type { GoogleGenAIInteraction, Interactions } from '@google/genai';
import { ProviderError } from '../../domain/errors.ts';
import type { OperationStatus, ProviderCallOptions, ShotInput, VideoProvider } from '../../ports/video-provider.ts';
import type { OperationHandle } from '../../domain/operation-handle.ts';
import { createGeminiClient } from '../google-client.ts';
import { toProviderError } from '../google-errors.ts';
import { saveBase64Video, streamVideoToFile } from '../save-video.ts';
import { loadModelConventions } from '../shot-prompt.ts';
import { buildOmniRequest, omniWantsFirstFrame } from './omni-request.ts';
import type { RemoteProviderOptions } from '../remote-provider-options.ts';

/**
 * Gemini Omni Flash through `ai.interactions` on a Gemini API key. `start` makes one background
 * create (SDK retries off: a re-sent create is a second bill) and returns the interaction id at
 * once; `status` and `download` need nothing but that id, so any process can resume.
 */

export const OMNI_PROVIDER_ID = 'omni';
const LABEL = 'Gemini Omni';

export interface OmniProviderOptions extends RemoteProviderOptions {
  apiKey: string;
  /** GEMINI_BASE_URL, no trailing slash. */
  baseUrl: string;
  /** OMNI_MODEL, e.g. gemini-omni-1.1-flash. */
  model: string;
  /** OMNI_API_VERSION, when the Interactions API must be pinned (e.g. v1beta). */
  apiVersion?: string | undefined;
}

type Interaction = GoogleGenAIInteraction;
interface VideoBlock {
  data?: string | undefined;
  uri?: string | undefined;
}

/** The last video the model produced: the SDK's `output_video`, else the last one in `steps`. */
function videoOf(interaction: Interaction): VideoBlock | null {
  const direct = (interaction as { output_video?: VideoBlock }).output_video;
  if (direct && (direct.data || direct.uri)) return direct;
  const steps = (interaction as { steps?: unknown[] }).steps ?? [];
  for (const step of [...steps].reverse()) {
    const content = (step as { content?: unknown }).content;
    const blocks = Array.isArray(content) ? content : [];
    const video = [...blocks].reverse().find((block) => (block as { type?: unknown }).type === 'video') as VideoBlock | undefined;
    if (video && (video.data || video.uri)) return video;
  }
  return null;
}

/** `files/<id>` inside a Files API URI (`…/v1beta/files/abc123:download?alt=media`). */
export function fileIdOf(uri: string): string | null {
  return /(?:^|\/)files\/([A-Za-z0-9_-]+)/.exec(uri)?.[1] ?? null;
}

export function createOmniProvider(options: OmniProviderOptions): VideoProvider {
  const ai = createGeminiClient({ apiKey: options.apiKey, baseUrl: options.baseUrl });
  const conventions = loadModelConventions('omni');
  const getParams: Interactions.InteractionGetParamsNonStreaming = { stream: false, ...(options.apiVersion ? { api_version: options.apiVersion } : {}) };
  const readOptions = (signal?: AbortSignal) => ({ maxRetries: 0, timeout: options.statusTimeoutMs, ...(signal ? { signal } : {}) });

  const getInteraction = async (id: string, signal?: AbortSignal): Promise<Interaction> => {
    try {
      return await ai.interactions.get(id, getParams, readOptions(signal));
    } catch (error) {
      throw toProviderError(error, 'read', LABEL);
    }
  };

  /** ACTIVE, PROCESSING or FAILED for a generated file; Google keeps them about two days. */
  const fileState = async (fileId: string, signal?: AbortSignal): Promise<string> => {
    try {
      const file = await ai.files.get({ name: `files/${fileId}`, config: { httpOptions: { timeout: options.statusTimeoutMs }, ...(signal ? { abortSignal: signal } : {}) } });
      return String(file.state ?? 'ACTIVE');
    } catch (error) {
      throw toProviderError(error, 'read', LABEL);
    }
  };

  /** The download goes through our base URL (proxies keep working) with the key as a header. */
  const downloadUrlOf = (uri: string): { url: string; withKey: boolean } => {
    const fileId = fileIdOf(uri);
    if (fileId) {
      const version = /\/(v1[a-z0-9]*)\/files\//.exec(uri)?.[1] ?? 'v1beta';
      return { url: `${options.baseUrl}/${version}/files/${fileId}:download?alt=media`, withKey: true };
    }
    return { url: uri, withKey: new URL(uri).origin === new URL(options.baseUrl).origin };
  };

  return {
    id: OMNI_PROVIDER_ID,
    modelId: options.model,
    pollIntervalMs: options.pollIntervalMs,
    wantsFirstFrame: (input: ShotInput) => omniWantsFirstFrame(input, options),
    continuesClips: true,

    async start(input: ShotInput, callOptions: ProviderCallOptions = {}): Promise<OperationHandle> {
      const request = await buildOmniRequest(input, {
        model: options.model,
        conventions,
        sendAvatarImage: options.sendAvatarImage,
        apiVersion: options.apiVersion,
      });
      let interaction: Interaction;
      try {
        interaction = await ai.interactions.create(request.params, {
          maxRetries: 0,
          timeout: options.createTimeoutMs,
          ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        });
      } catch (error) {
        throw toProviderError(error, 'create', LABEL);
      }
      if (!interaction.id) throw new ProviderError('outcome-unknown', `${LABEL}: the create call returned no interaction id`);
      return { provider: OMNI_PROVIDER_ID, operationId: interaction.id, data: { ...request.summary } };
    },

    async status(handle: OperationHandle, callOptions: ProviderCallOptions = {}): Promise<OperationStatus> {
      const interaction = await getInteraction(handle.operationId, callOptions.signal);
      switch (interaction.status) {
        case 'queued':
        case 'in_progress':
        case 'requires_continuation':
          return { state: 'running', percent: null };
        case 'completed': {
          const video = videoOf(interaction);
          if (!video) {
            // Blocked output comes back "completed" with text and no video: a refusal, not billed.
            const said = ((interaction as { output_text?: string }).output_text ?? '').trim().slice(0, 160);
            return { state: 'refused', reason: said || 'the model finished without a video (safety filter)' };
          }
          if (video.data || !video.uri) return { state: 'done' };
          const fileId = fileIdOf(video.uri);
          if (!fileId) return { state: 'done' };
          const state = await fileState(fileId, callOptions.signal);
          if (state === 'ACTIVE') return { state: 'done' };
          if (state === 'FAILED') return { state: 'failed', retryable: false, reason: `${LABEL}: the generated file failed to process` };
          return { state: 'running', percent: 99 };
        }
        case 'failed':
        case 'cancelled':
        case 'incomplete':
          return { state: 'failed', retryable: true, reason: `${LABEL}: generation ${interaction.status}` };
        case 'budget_exceeded':
          return { state: 'failed', retryable: false, reason: `${LABEL}: the project's budget is exceeded` };
        case 'requires_action':
          return { state: 'failed', retryable: false, reason: `${LABEL}: the interaction asks for an action Reverie does not take` };
        default:
          // An unknown new status: keep polling; the generation deadline bounds it.
          return { state: 'running', percent: null };
      }
    },

    async cancel(handle: OperationHandle, callOptions: ProviderCallOptions = {}): Promise<void> {
      try {
        await ai.interactions.cancel(handle.operationId, options.apiVersion ? { api_version: options.apiVersion } : {}, readOptions(callOptions.signal));
      } catch (error) {
        throw toProviderError(error, 'read', LABEL);
      }
    },

    async download(handle: OperationHandle, destinationPath: string, callOptions: ProviderCallOptions = {}): Promise<void> {
      const interaction = await getInteraction(handle.operationId, callOptions.signal);
      const video = videoOf(interaction);
      if (!video) throw new ProviderError('invalid', `${LABEL}: interaction ${handle.operationId} has no video to download`);
      if (video.data) return saveBase64Video(video.data, destinationPath, LABEL, options.downloadMaxBytes);
      if (!video.uri) throw new ProviderError('invalid', `${LABEL}: the video has neither bytes nor a URI`);
      const { url, withKey } = downloadUrlOf(video.uri);
      await streamVideoToFile(url, destinationPath, {
        headers: withKey ? { 'x-goog-api-key': options.apiKey } : {},
        timeoutMs: options.downloadTimeoutMs,
        maxBytes: options.downloadMaxBytes,
        signal: callOptions.signal,
        label: LABEL,
      });
    },
  };
}
