import { ApiError, ValidationError } from '@fal-ai/client';
import { ProviderError } from '../../domain/errors.ts';
import type { OperationStatus } from '../../ports/video-provider.ts';
import { retryAfterMsOf, toProviderError } from '../google-errors.ts';

/**
 * fal's answers → ProviderError kinds and operation states. The rule that matters: a submit that
 * may have reached fal (a 5xx, a reset, a timeout) is `outcome-unknown` and is never re-sent;
 * only answers that say "not accepted" (4xx) are settled.
 */

interface FalErrorDetail {
  type?: unknown;
  msg?: unknown;
  categories?: unknown;
}

function detailsOf(body: unknown): FalErrorDetail[] {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (Array.isArray(detail)) return detail.filter((item): item is FalErrorDetail => typeof item === 'object' && item !== null);
  return typeof detail === 'string' ? [{ msg: detail, type: 'value_error' }] : [];
}

/** `content_policy_violation` in a 422 body: the reason a user can read (categories, fal's words). */
export function contentPolicyReason(body: unknown): string | null {
  const hit = detailsOf(body).find((detail) => detail.type === 'content_policy_violation');
  if (!hit) return null;
  const categories = Array.isArray(hit.categories) ? hit.categories.filter((item): item is string => typeof item === 'string') : [];
  const message = typeof hit.msg === 'string' ? hit.msg.slice(0, 160) : 'content policy';
  return categories.length > 0 ? `${message} (${categories.join(', ')})` : message;
}

function describe(body: unknown, fallback: string): string {
  const first = detailsOf(body)[0];
  const text = typeof first?.msg === 'string' ? first.msg : typeof (body as { error?: unknown } | null)?.error === 'string' ? String((body as { error: string }).error) : fallback;
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

/** The answer to our own single submit POST. */
export function submitErrorOf(status: number, headers: Headers, body: unknown, label: string): ProviderError {
  const message = `${label}: submit answered HTTP ${status} — ${describe(body, 'no detail')}`;
  if (status === 429) {
    const retryAfterMs = retryAfterMsOf({ headers });
    return new ProviderError('rate-limited', message, retryAfterMs === null ? { status } : { status, retryAfterMs });
  }
  if (status === 422 && contentPolicyReason(body)) return new ProviderError('refused', `${label}: ${contentPolicyReason(body)}`, { status });
  if (status === 401 || status === 403) return new ProviderError('invalid', `${message} (check FAL_KEY)`, { status });
  if (status >= 400 && status < 500) return new ProviderError('invalid', message, { status });
  // 5xx after our body went out: fal may have queued (and will bill) the job.
  return new ProviderError('outcome-unknown', message, { status });
}

/** A thrown fetch/SDK error on a call: transport problems by phase, SDK ApiErrors by status. */
export function callErrorOf(error: unknown, phase: 'create' | 'read', label: string): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof ApiError) {
    const message = `${label}: HTTP ${error.status} — ${describe(error.body, error.message)}`;
    if (error.status === 429) return new ProviderError('rate-limited', message, { status: 429 });
    if (error.status >= 500) return new ProviderError(phase === 'read' ? 'unavailable' : 'outcome-unknown', message, { status: error.status, cause: error });
    return new ProviderError('invalid', message, { status: error.status, cause: error });
  }
  return toProviderError(error, phase, label);
}

const INFRA_ERROR_TYPES = /timeout|runner_|client_disconnected|internal_error/;

/**
 * `result` after COMPLETED: fal reports failed requests as completed and throws here. A 422
 * content_policy_violation is a refusal; an infrastructure `error_type` (or a start timeout) is a
 * failure fal did not bill, worth a new recorded attempt; a 5xx without one is a read blip.
 */
export function resultErrorOf(error: unknown, label: string): OperationStatus | ProviderError {
  if (error instanceof ValidationError) {
    const policy = contentPolicyReason(error.body);
    if (policy) return { state: 'refused', reason: policy };
    return { state: 'failed', retryable: false, reason: `${label}: the model rejected the input — ${describe(error.body, error.message)}` };
  }
  if (error instanceof ApiError) {
    const errorType = (error.body as { error_type?: unknown } | null)?.error_type;
    if (error.isUserTimeout) return { state: 'failed', retryable: true, reason: `${label}: the request did not start in time (not billed)` };
    if (typeof errorType === 'string' && INFRA_ERROR_TYPES.test(errorType)) return { state: 'failed', retryable: true, reason: `${label}: ${errorType}` };
    if (error.status === 429) return new ProviderError('rate-limited', `${label}: result HTTP 429`, { status: 429 });
    if (error.status >= 500) return new ProviderError('unavailable', `${label}: result HTTP ${error.status}`, { status: error.status, cause: error });
    return { state: 'failed', retryable: false, reason: `${label}: result HTTP ${error.status} — ${describe(error.body, error.message)}` };
  }
  return callErrorOf(error, 'read', label);
}
