import RunwayML, { APIError } from '@runwayml/sdk';
import type { ModelServingProvider } from '../../models/model-catalogue.ts';
import type { ModelRow, Ratio } from '../../models/model-types.ts';
import { ProviderError } from '../../domain/errors.ts';
import type { OperationStatus, ProviderCallOptions, ShotInput } from '../../ports/video-provider.ts';
import type { OperationHandle } from '../../domain/operation-handle.ts';
import { prepareShotModel, shotWantsFirstFrame } from '../shot-model.ts';
import { retryAfterMsOf, toProviderError } from '../google-errors.ts';
import { streamVideoToFile } from '../save-video.ts';
import type { RemoteProviderOptions } from '../remote-provider-options.ts';

/**
 * Runway's own models (Gen-4.5, Gen-4 Turbo) through `@runwayml/sdk` with `maxRetries: 0` on the
 * create: the SDK would otherwise re-send it twice on a 5xx or a reset, and its idempotency key
 * sends nothing. The task id is all `status` and `download` need, so any process resumes.
 */

export const RUNWAY_PROVIDER_ID = 'runway';

export interface RunwayProviderOptions extends RemoteProviderOptions {
  apiKey: string;
  /** RUNWAY_BASE_URL, no trailing slash. */
  baseUrl: string;
  models: readonly ModelRow[];
  defaultModel: ModelRow;
}

/** Runway says not to retry SAFETY.* failures; INTERNAL.* (bad output, system) may work next time. */
function failureOf(code: string | undefined, failure: string, label: string): OperationStatus {
  const reason = `${label}: ${failure.slice(0, 160)}${code ? ` (${code})` : ''}`;
  if (code?.startsWith('SAFETY')) return { state: 'refused', reason };
  return { state: 'failed', retryable: Boolean(code?.startsWith('INTERNAL')), reason };
}

function errorOf(error: unknown, phase: 'create' | 'read', label: string): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof APIError && typeof error.status === 'number') {
    const body = (error.error as { error?: unknown } | undefined)?.error;
    const detail = typeof body === 'string' ? body.slice(0, 160) : error.message.slice(0, 160);
    const message = `${label}: HTTP ${error.status} — ${detail}`;
    if (error.status === 429) {
      const retryAfterMs = retryAfterMsOf(error);
      return new ProviderError('rate-limited', message, retryAfterMs === null ? { status: 429 } : { status: 429, retryAfterMs });
    }
    if (error.status >= 500 || error.status === 408) {
      // After the body went out a 5xx may still have made a (billed) task: never re-send a create.
      return new ProviderError(phase === 'create' ? 'outcome-unknown' : 'unavailable', message, { status: error.status, cause: error });
    }
    if (error.status === 400 && /moderat|safety|public figure/i.test(detail)) return new ProviderError('refused', message, { status: 400, cause: error });
    if (error.status === 401) return new ProviderError('invalid', `${message} (check RUNWAY_API_KEY)`, { status: 401, cause: error });
    return new ProviderError('invalid', message, { status: error.status, cause: error });
  }
  // Connection errors and timeouts: before sending = retry later; after = unknown.
  return toProviderError(error, phase, label);
}

export function createRunwayProvider(options: RunwayProviderOptions): ModelServingProvider {
  const client = new RunwayML({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0, timeout: options.createTimeoutMs });
  const outputs = new Map<string, string>();
  const rowOf = (key: unknown): ModelRow => options.models.find((row) => row.key === key) ?? options.defaultModel;
  const labelOf = (handle: OperationHandle) => rowOf(handle.data.model).label;

  const retrieve = async (id: string, label: string, signal?: AbortSignal) => {
    try {
      // Reads may retry: they cannot create anything.
      return await client.tasks.retrieve(id, { maxRetries: 2, timeout: options.statusTimeoutMs, ...(signal ? { signal } : {}) });
    } catch (error) {
      throw errorOf(error, 'read', label);
    }
  };

  return {
    id: RUNWAY_PROVIDER_ID,
    modelId: options.defaultModel.modelId,
    models: options.models,
    pollIntervalMs: options.pollIntervalMs,
    wantsFirstFrame: (input: ShotInput) => shotWantsFirstFrame(input, options),

    async start(input: ShotInput, callOptions: ProviderCallOptions = {}): Promise<OperationHandle> {
      const { row, settings, imageUri: promptImage, prompt: promptText } = await prepareShotModel(input, { ...options, audio: false, label: (model) => model.label });
      const model = row.endpoints[settings.mode] as string;
      const ratio = row.ratioWire?.[(settings.aspectRatio ?? '16:9') as Ratio] ?? '1280:720';
      const requestOptions = { maxRetries: 0, timeout: options.createTimeoutMs, ...(callOptions.signal ? { signal: callOptions.signal } : {}) };
      let created: { id: string; estimatedCost?: { credits?: number } };
      try {
        created = promptImage
          ? await client.imageToVideo.create({ model, promptImage, promptText, ratio, duration: settings.seconds } as Parameters<typeof client.imageToVideo.create>[0], requestOptions)
          : await client.textToVideo.create({ model, promptText, ratio, duration: settings.seconds } as Parameters<typeof client.textToVideo.create>[0], requestOptions);
      } catch (error) {
        throw errorOf(error, 'create', row.label);
      }
      if (!created.id) throw new ProviderError('outcome-unknown', `${row.label}: the create call returned no task id`);
      return {
        provider: RUNWAY_PROVIDER_ID,
        operationId: created.id,
        data: {
          model: row.key,
          runwayModel: model,
          mode: settings.mode,
          seconds: settings.seconds,
          ratio,
          usdPerSecond: settings.usdPerSecond,
          costUsd: settings.estimatedUsd,
          // The most this task may charge, in credits ($0.01): a price change shows up here first.
          estimatedCredits: created.estimatedCost?.credits ?? null,
          imageAttached: promptImage !== null,
        },
      };
    },

    async status(handle: OperationHandle, callOptions: ProviderCallOptions = {}): Promise<OperationStatus> {
      const label = labelOf(handle);
      const task = await retrieve(handle.operationId, label, callOptions.signal);
      switch (task.status) {
        case 'SUCCEEDED': {
          const url = task.output[0];
          if (!url) return { state: 'failed', retryable: false, reason: `${label}: the task succeeded without an output` };
          outputs.set(handle.operationId, url);
          while (outputs.size > 32) outputs.delete(outputs.keys().next().value as string);
          return { state: 'done' };
        }
        case 'FAILED':
          return failureOf(task.failureCode, task.failure, label);
        case 'CANCELLED':
          return { state: 'failed', retryable: false, reason: `${label}: the task was cancelled` };
        case 'RUNNING':
          return { state: 'running', percent: typeof task.progress === 'number' ? Math.round(task.progress * 100) : null };
        default:
          return { state: 'running', percent: null };
      }
    },

    /** `DELETE /v1/tasks/<id>`: Runway cancels a pending, throttled or running task (and deletes a finished one). */
    async cancel(handle: OperationHandle, callOptions: ProviderCallOptions = {}): Promise<void> {
      try {
        await client.tasks.delete(handle.operationId, { maxRetries: 2, timeout: options.statusTimeoutMs, ...(callOptions.signal ? { signal: callOptions.signal } : {}) });
      } catch (error) {
        throw errorOf(error, 'read', labelOf(handle));
      }
    },

    async download(handle: OperationHandle, destinationPath: string, callOptions: ProviderCallOptions = {}): Promise<void> {
      const label = labelOf(handle);
      let url = outputs.get(handle.operationId);
      if (!url) {
        const task = await retrieve(handle.operationId, label, callOptions.signal);
        url = task.status === 'SUCCEEDED' ? task.output[0] : undefined;
      }
      if (!url) throw new ProviderError('invalid', `${label}: task ${handle.operationId} has no output to download`);
      outputs.delete(handle.operationId);
      // Output URLs carry their own signed token: no key goes along.
      await streamVideoToFile(url, destinationPath, { headers: {}, timeoutMs: options.downloadTimeoutMs, maxBytes: options.downloadMaxBytes, signal: callOptions.signal, label });
    },
  };
}
