import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { createFalClient } from '@fal-ai/client';
import type { ModelServingProvider } from '../../models/model-catalogue.ts';
import type { ModelRow } from '../../models/model-types.ts';
import { ProviderError } from '../../domain/errors.ts';
import type { OperationStatus, ProviderCallOptions, ShotInput } from '../../ports/video-provider.ts';
import type { OperationHandle } from '../../domain/operation-handle.ts';
import { falWebhookPath, SAFE_ID, type WebhookInbox } from '../../store/webhook-inbox.ts';
import { streamVideoToFile } from '../save-video.ts';
import { callErrorOf, resultErrorOf, submitErrorOf } from './fal-errors.ts';
import { buildFalInput } from './fal-input.ts';
import { prepareShotModel, shotWantsFirstFrame } from '../shot-model.ts';
import type { RemoteProviderOptions } from '../remote-provider-options.ts';

/**
 * Every fal.ai model through one queue protocol: submit → request_id → status → result → MP4 URL.
 * The submit is our own single POST: `fal.queue.submit` re-POSTs on 503s and dropped connections
 * whatever its retry config says, and fal has no idempotency key, so a second POST is a second
 * bill. The SDK does only the reads (status, result), its URLs rewritten onto FAL_BASE_URL.
 * Models are rows of src/models/model-table.ts; the row is picked per shot from the plan.
 */

export const FAL_PROVIDER_ID = 'fal';
const HOSTED_QUEUE = 'https://queue.fal.run';

export interface FalProviderOptions extends RemoteProviderOptions {
  apiKey: string;
  /** FAL_BASE_URL: the queue API (default https://queue.fal.run), no trailing slash. */
  baseUrl: string;
  /** The fal rows this server offers, in table order. */
  models: readonly ModelRow[];
  /** What a shot gets when its plan names no fal model (VIDEO_MODEL, else the first row). */
  defaultModel: ModelRow;
  /** Seconds fal may take to *start* a request before it gives up on it, unbilled (x-fal-request-timeout). */
  startTimeoutSeconds?: number;
  /**
   * With PUBLIC_URL: fal's webhook goes to <publicUrl>/hooks/fal/<clip>/<token>, and a submit whose
   * answer was lost waits up to `waitMs` for it instead of being reported as unknown at once.
   */
  webhook: { publicUrl: string; inbox: WebhookInbox; waitMs: number } | null;
  now?: () => number;
}

interface FalResult {
  video?: { url?: unknown };
}

export function createFalProvider(options: FalProviderOptions): ModelServingProvider {
  const now = options.now ?? Date.now;
  // The SDK knows only fal's hosts; a proxy or a local fake gets the same path under FAL_BASE_URL.
  const rewrite = (url: string): string => (url.startsWith(HOSTED_QUEUE) ? `${options.baseUrl}${url.slice(HOSTED_QUEUE.length)}` : url);
  const fal = createFalClient({ credentials: options.apiKey, requestMiddleware: async (request) => ({ ...request, url: rewrite(request.url) }) });
  // status() fetches the result to tell a refusal from a clip; download() uses it right after.
  const videoUrls = new Map<string, string>();
  const rowOf = (key: unknown): ModelRow => options.models.find((row) => row.key === key) ?? options.defaultModel;
  const labelOf = (handle: OperationHandle) => `fal (${rowOf(handle.data.model).label})`;
  const readSignal = (signal?: AbortSignal) => (signal ? AbortSignal.any([signal, AbortSignal.timeout(options.statusTimeoutMs)]) : AbortSignal.timeout(options.statusTimeoutMs));

  /** Exactly one POST. Whatever happens after the body left, we never send it again. */
  const submitOnce = async (endpointId: string, body: Record<string, unknown>, webhookUrl: string | null, label: string, signal?: AbortSignal): Promise<string> => {
    const url = new URL(`${options.baseUrl}/${endpointId}`);
    if (webhookUrl) url.searchParams.set('fal_webhook', webhookUrl);
    const timeout = AbortSignal.timeout(options.createTimeoutMs);
    let status: number;
    let headers: Headers;
    let text: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          Authorization: `Key ${options.apiKey}`,
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'x-fal-request-timeout': String(options.startTimeoutSeconds ?? 600),
          // Results are kept for minutes: ask fal to keep the media a day, we download at once anyway.
          'x-fal-object-lifecycle-preference': JSON.stringify({ expiration_duration_seconds: 86_400 }),
        },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      ({ status, headers } = response);
      text = await response.text();
    } catch (error) {
      throw callErrorOf(error, 'create', label);
    }
    let parsed: unknown;
    try {
      parsed = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      parsed = null;
    }
    if (status < 200 || status >= 300) throw submitErrorOf(status, headers, parsed ?? { detail: text.slice(0, 160) }, label);
    const requestId = (parsed as { request_id?: unknown } | null)?.request_id;
    if (typeof requestId !== 'string' || requestId === '') throw new ProviderError('outcome-unknown', `${label}: the submit was accepted (HTTP ${status}) but returned no request_id`);
    return requestId;
  };

  /** The request id behind a handle; null while a lost submit still waits for its webhook. */
  const requestIdOf = async (handle: OperationHandle): Promise<string | null> => {
    if (handle.data.pending !== true) return handle.operationId;
    const clipId = String(handle.data.webhookClipId ?? '');
    const token = String(handle.data.webhookToken ?? '');
    const record = options.webhook && SAFE_ID.test(clipId) && SAFE_ID.test(token) ? await options.webhook.inbox.find(clipId, token) : null;
    if (record) return record.requestId;
    const waitMs = options.webhook?.waitMs ?? 0;
    if (now() - Number(handle.data.submittedAt ?? 0) >= waitMs) {
      const minutes = Math.round(waitMs / 60_000);
      throw new ProviderError('outcome-unknown', `${labelOf(handle)}: the submit's answer was lost and fal's webhook did not arrive within ${minutes} min`);
    }
    return null;
  };

  const fetchVideoUrl = async (endpointId: string, requestId: string, label: string, signal?: AbortSignal): Promise<OperationStatus> => {
    let data: FalResult;
    try {
      ({ data } = (await fal.queue.result(endpointId, { requestId, abortSignal: readSignal(signal) })) as { data: FalResult });
    } catch (error) {
      const outcome = resultErrorOf(error, label);
      if (outcome instanceof ProviderError) throw outcome;
      return outcome;
    }
    const url = data?.video?.url;
    if (typeof url !== 'string' || url === '') return { state: 'failed', retryable: false, reason: `${label}: the result has no video URL` };
    videoUrls.set(requestId, url);
    while (videoUrls.size > 32) videoUrls.delete(videoUrls.keys().next().value as string);
    return { state: 'done' };
  };

  const falLabel = (model: ModelRow) => `fal (${model.label})`;
  const newToken = (input: ShotInput) => `s${input.shotIndex}-${randomBytes(9).toString('hex')}`;

  /** Everything a submit sends and records, fixed before the POST so a draft and the POST agree. */
  const prepareSubmission = async (input: ShotInput, token: string) => {
    const { row, settings, imageUri, prompt } = await prepareShotModel(input, { ...options, audio: true, label: falLabel });
    const { endpointId, input: body } = buildFalInput(row, settings, { prompt, negativePrompt: input.plan.negativePrompt, imageUri });
    // The work dir is <workRoot>/<request id>: the clip id that goes into the webhook URL.
    const clipId = basename(input.workDir);
    const webhookUrl = options.webhook && SAFE_ID.test(clipId) ? `${options.webhook.publicUrl}${falWebhookPath(clipId, token)}` : null;
    const data = {
      model: row.key,
      endpointId,
      mode: settings.mode,
      seconds: settings.seconds,
      aspectRatio: settings.aspectRatio,
      audio: settings.audio,
      resolution: settings.resolution,
      usdPerSecond: settings.usdPerSecond,
      costUsd: settings.estimatedUsd,
      imageAttached: imageUri !== null,
      submittedAt: now(),
      webhookClipId: webhookUrl ? clipId : null,
      webhookToken: webhookUrl ? token : null,
    };
    return { endpointId, body, webhookUrl, label: falLabel(row), data, token };
  };

  /** A submit whose request id only fal's webhook will tell: status waits for it (FAL_WEBHOOK_WAIT_MS). */
  const pendingHandle = (submission: { data: Record<string, unknown>; token: string }, lostBecause: string): OperationHandle => ({
    provider: FAL_PROVIDER_ID,
    operationId: `pending-${submission.token}`,
    data: { ...submission.data, pending: true, lostBecause },
  });

  return {
    id: FAL_PROVIDER_ID,
    modelId: options.defaultModel.modelId,
    models: options.models,
    pollIntervalMs: options.pollIntervalMs,
    wantsFirstFrame: (input: ShotInput) => shotWantsFirstFrame(input, options),

    async draft(input: ShotInput): Promise<OperationHandle | null> {
      // Only a webhook can tell us later what a lost submit became.
      if (!options.webhook) return null;
      const submission = await prepareSubmission(input, newToken(input));
      return submission.webhookUrl ? pendingHandle(submission, 'the worker stopped during the submit') : null;
    },

    async start(input: ShotInput, callOptions: ProviderCallOptions = {}): Promise<OperationHandle> {
      // A recorded draft fixed the webhook token: the POST must carry that one, so fal's webhook finds it.
      const draftToken = callOptions.draft?.data.webhookToken;
      const submission = await prepareSubmission(input, typeof draftToken === 'string' ? draftToken : newToken(input));
      const { endpointId, body, webhookUrl, label, data } = submission;
      try {
        const requestId = await submitOnce(endpointId, body, webhookUrl, label, callOptions.signal);
        return { provider: FAL_PROVIDER_ID, operationId: requestId, data };
      } catch (error) {
        const failure = callErrorOf(error, 'create', label);
        // Lost answer, webhook on its way: wait for fal to tell us the request id instead of guessing.
        if (failure.kind === 'outcome-unknown' && webhookUrl) return pendingHandle(submission, failure.message);
        throw failure;
      }
    },

    async status(handle: OperationHandle, callOptions: ProviderCallOptions = {}): Promise<OperationStatus> {
      const label = labelOf(handle);
      const requestId = await requestIdOf(handle);
      if (requestId === null) return { state: 'running', percent: null };
      const endpointId = String(handle.data.endpointId);
      let status: { status: string };
      try {
        status = await fal.queue.status(endpointId, { requestId, logs: false, abortSignal: readSignal(callOptions.signal) });
      } catch (error) {
        const failure = callErrorOf(error, 'read', label);
        // 404 and friends: fal does not know this request (a wrong FAL_BASE_URL, or it expired).
        if (failure.kind === 'invalid') return { state: 'failed', retryable: false, reason: failure.message };
        throw failure;
      }
      if (status.status === 'IN_QUEUE' || status.status === 'IN_PROGRESS') return { state: 'running', percent: null };
      if (status.status !== 'COMPLETED') return { state: 'running', percent: null };
      // Failed requests are COMPLETED too: only the result says which it was.
      return fetchVideoUrl(endpointId, requestId, label, callOptions.signal);
    },

    /**
     * fal's queue cancel (`PUT …/requests/<id>/cancel`): a queued request never starts (and is not
     * billed); a running one is asked to stop. A lost submit whose webhook never told us the
     * request id cannot be cancelled: there is nothing to name.
     */
    async cancel(handle: OperationHandle, callOptions: ProviderCallOptions = {}): Promise<void> {
      const label = labelOf(handle);
      const requestId = await requestIdOf(handle).catch(() => null);
      if (requestId === null) return;
      try {
        await fal.queue.cancel(String(handle.data.endpointId), { requestId, abortSignal: readSignal(callOptions.signal) });
      } catch (error) {
        throw callErrorOf(error, 'read', label);
      }
    },

    async download(handle: OperationHandle, destinationPath: string, callOptions: ProviderCallOptions = {}): Promise<void> {
      const label = labelOf(handle);
      const requestId = await requestIdOf(handle);
      if (requestId === null) throw new ProviderError('unavailable', `${label}: the request id is not known yet`);
      if (!videoUrls.has(requestId)) {
        const outcome = await fetchVideoUrl(String(handle.data.endpointId), requestId, label, callOptions.signal);
        if (outcome.state !== 'done') throw new ProviderError('invalid', `${label}: nothing to download (${outcome.state})`);
      }
      const url = videoUrls.get(requestId) as string;
      videoUrls.delete(requestId);
      // fal media URLs are public: no key goes along.
      await streamVideoToFile(url, destinationPath, { headers: {}, timeoutMs: options.downloadTimeoutMs, maxBytes: options.downloadMaxBytes, signal: callOptions.signal, label });
    },
  };
}
