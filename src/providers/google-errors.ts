import { ProviderError } from '../domain/errors.ts';

/**
 * Google's SDK errors → ProviderError kinds. `ai.models.*` throws `ApiError` (status + a JSON
 * message), `ai.interactions.*` throws its own classes (status, headers, parsed body), and a
 * broken connection surfaces as `fetch failed` with the socket error somewhere down `cause`.
 *
 * The one judgment call is a failure of a *create* after the request went out. Google's API
 * answering 500/503 with its own error envelope (`{"error":{"status":"INTERNAL"}}`) is the service
 * saying the call failed, so a retry is ours to make. A gateway 502/504, a body we cannot read, a
 * timeout or a reset mid-request may have started a paid job we cannot see: `outcome-unknown`,
 * which the pipeline never re-sends on its own.
 */

export type CallPhase = 'create' | 'read';

/** Socket errors that happen before a byte of the request left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError', 'APIConnectionTimeoutError', 'RequestTimeoutError', 'ContinuationTimeoutError']);
/** Socket-level codes (anything else with a `code`, such as a file error, is not a network failure). */
const isNetworkCode = (code: string) => NOT_SENT_CODES.has(code) || code.startsWith('UND_ERR') || ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ENETRESET'].includes(code);

/** Wording Google and integrations have used for safety blocks at create (HTTP 400). */
export const SAFETY_WORDING = /safety|blocked|block_reason|prohibited|recogni[sz]able|sensitive|harmful|violat|responsible ai|usage guidelines/i;

interface GoogleErrorBody {
  code?: unknown;
  message?: unknown;
  status?: unknown;
  details?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The `{code, message, status, details}` envelope wherever this SDK class put it. */
function errorBodyOf(error: Record<string, unknown>): GoogleErrorBody | null {
  const candidates: unknown[] = [error.error, error.body, parseJson(error.body), parseJson(error.message)];
  for (const candidate of candidates) {
    // Quota errors sometimes arrive inside an array.
    const item = Array.isArray(candidate) ? (candidate[0] as unknown) : candidate;
    if (!isRecord(item)) continue;
    const inner = isRecord(item.error) ? item.error : item;
    if ('message' in inner || 'status' in inner) return inner as GoogleErrorBody;
  }
  return null;
}

function statusOf(error: Record<string, unknown>): number | null {
  const status = error.status ?? error.statusCode;
  return typeof status === 'number' && status >= 100 ? status : null;
}

function headerOf(error: Record<string, unknown>, name: string): string | null {
  const headers = error.headers;
  if (isRecord(headers) && typeof headers.get === 'function') {
    const value = (headers.get as (key: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : null;
  }
  return null;
}

/** retry-after-ms, retry-after (seconds or a date), or google.rpc.RetryInfo's "30s". */
export function retryAfterMsOf(error: unknown, nowMs = Date.now()): number | null {
  if (!isRecord(error)) return null;
  const ms = Number(headerOf(error, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const after = headerOf(error, 'retry-after');
  if (after !== null) {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date) && date > nowMs) return date - nowMs;
  }
  const details = errorBodyOf(error)?.details;
  if (Array.isArray(details)) {
    for (const detail of details) {
      const delay = isRecord(detail) ? detail.retryDelay : undefined;
      const match = typeof delay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
      if (match?.[1]) return Math.ceil(Number(match[1]) * 1000);
    }
  }
  return null;
}

/** Every error in the cause chain (and AggregateError members), nearest first. */
function causesOf(error: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && found.length < 12) {
    const current = queue.shift();
    if (!isRecord(current) || found.includes(current)) continue;
    found.push(current);
    queue.push(current.cause);
    if (Array.isArray(current.errors)) queue.push(...(current.errors as unknown[]));
  }
  return found;
}

function shortText(value: unknown, max = 160): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : String(value);
  return text.replace(/\s+/g, ' ').trim().slice(0, max);
}

/** Translates anything an SDK call threw. `label` names the service in messages ("Gemini Omni"). */
export function toProviderError(error: unknown, phase: CallPhase, label: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const record = isRecord(error) ? error : {};
  const status = statusOf(record);
  if (status !== null) {
    const body = errorBodyOf(record);
    const googleStatus = typeof body?.status === 'string' ? body.status : '';
    const detail = shortText(body?.message ?? record.message);
    const message = `${label}: HTTP ${status}${googleStatus ? ` ${googleStatus}` : ''}${detail ? ` — ${detail}` : ''}`;
    const options = { status, cause: error };
    if (status === 429) {
      const retryAfterMs = retryAfterMsOf(error);
      return new ProviderError('rate-limited', message, retryAfterMs === null ? options : { ...options, retryAfterMs });
    }
    if (status === 408) return new ProviderError('unavailable', message, options);
    if (status >= 500) {
      if (phase === 'read') return new ProviderError('unavailable', message, options);
      const fromGoogle = /^[A-Z][A-Z_]+$/.test(googleStatus);
      return fromGoogle && (status === 500 || status === 503) ? new ProviderError('unavailable', message, options) : new ProviderError('outcome-unknown', message, options);
    }
    if (status === 400 && SAFETY_WORDING.test(`${detail} ${googleStatus}`)) return new ProviderError('refused', message, options);
    return new ProviderError('invalid', message, options);
  }

  const chain = causesOf(error);
  const codes = chain.map((item) => item.code).filter((code): code is string => typeof code === 'string' && isNetworkCode(code));
  const names = chain.map((item) => item.name).filter((name): name is string => typeof name === 'string');
  const transport = names.some((name) => TIMEOUT_NAMES.has(name) || /Connection/.test(name)) || codes.length > 0 || /fetch failed|socket|network/i.test(String(record.message ?? ''));
  if (!transport) return new ProviderError('invalid', `${label}: ${shortText(record.message ?? error)}`, { cause: error });

  const notSent = codes.some((code) => NOT_SENT_CODES.has(code));
  const timedOut = names.some((name) => TIMEOUT_NAMES.has(name));
  const what = notSent ? `cannot connect (${codes.find((code) => NOT_SENT_CODES.has(code))})` : timedOut ? 'timed out' : `connection failed${codes[0] ? ` (${codes[0]})` : ''}`;
  const message = `${label}: ${what}`;
  if (notSent || phase === 'read') return new ProviderError('unavailable', message, { cause: error });
  return new ProviderError('outcome-unknown', message, { cause: error });
}
