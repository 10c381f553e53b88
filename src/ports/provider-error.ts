/**
 * How a provider call went wrong, in the terms the queue acts on. Providers translate their SDK's
 * errors into these; the render step never looks at an HTTP status itself.
 */
export type ProviderErrorKind =
  /** 429: wait `retryAfterMs`, then try again; nothing was created. */
  | 'rate-limited'
  /** 5xx, timeout before the request was sent, connection refused: retry with backoff. */
  | 'unavailable'
  /** A safety filter said no: rewrite once, never retry blindly. */
  | 'refused'
  /** Our request was wrong (400 other than safety): retrying cannot help. */
  | 'invalid'
  /** The create may or may not have started a paid job: never re-send on our own. */
  | 'outcome-unknown';

export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly retryAfterMs: number | null;
  readonly status: number | null;

  constructor(kind: ProviderErrorKind, message: string, options: { retryAfterMs?: number; status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
  }
}
