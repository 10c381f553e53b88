import type { MessageKey, MessageParams } from '../i18n/messages.ts';

/**
 * Reverie's one error family. Ports, providers, the pipeline and adapters all throw these, so
 * every layer decides on `kind` alone: the queue whether to retry, the delivery worker whether to
 * re-fit, the chat core what to tell the user. Anything else that escapes is an `internal` error.
 */
export type ErrorKind =
  /** The user's input cannot be made (empty, too long, an unreadable file): say why, never retry. */
  | 'bad-input'
  /** A safety filter said no: rewrite once, then explain; nothing was charged. */
  | 'refused'
  /** 429: wait `retryAfterMs`, then try again; nothing was created. */
  | 'rate-limited'
  /** A service did not answer (5xx, refused connection, timeout before sending): retry with backoff. */
  | 'unavailable'
  /** Our own request was wrong (a 400 other than safety): retrying cannot help. */
  | 'invalid'
  /** A create may or may not have started a paid job: never re-send on our own. */
  | 'outcome-unknown'
  /** A generation ran past its deadline and was abandoned. */
  | 'timed-out'
  /** The user already has as many requests running as allowed. */
  | 'too-busy'
  /** A limit the owner set (daily seconds or dollars, a monthly budget, a cooldown): say which and when it resets. */
  | 'over-limit'
  /** A platform refused an upload as too large: the delivery worker re-fits once and posts again. */
  | 'too-large'
  /** This machine's disk is full (ENOSPC): what the attempt wrote is removed and the step retried with backoff, as space may be freed. */
  | 'disk-full'
  /** A setting is missing or wrong: the message names it and the fix. */
  | 'config'
  | 'internal';

export interface ReverieErrorOptions {
  params?: MessageParams;
  /** Whether another automatic attempt may help; defaults by kind (see RETRIED_KINDS). */
  retryable?: boolean;
  /** For logs only, never shown to users: provider text may hold anything. */
  detail?: string;
  retryAfterMs?: number;
  /** The HTTP status behind it, when there was one. */
  status?: number;
  cause?: unknown;
}

/** Kinds where the queue's own retry with backoff may succeed. */
const RETRIED_KINDS: ReadonlySet<ErrorKind> = new Set(['rate-limited', 'unavailable', 'disk-full']);

/**
 * Failures where another attempt may work and is the user's call ("Try again"): a create whose
 * outcome is unknown is never re-sent on our own; a service that was down or slow may be back.
 */
const USER_RETRYABLE_KINDS: ReadonlySet<string> = new Set<ErrorKind>(['outcome-unknown', 'unavailable', 'timed-out']);

export function isUserRetryable(kind: string): boolean {
  return USER_RETRYABLE_KINDS.has(kind);
}

export class ReverieError extends Error {
  override name = 'ReverieError';
  readonly kind: ErrorKind;
  /** What the user is told, in their language. */
  readonly messageKey: MessageKey;
  readonly params: MessageParams;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly status: number | null;

  constructor(kind: ErrorKind, messageKey: MessageKey, options: ReverieErrorOptions = {}) {
    super(options.detail ?? `${kind}: ${messageKey}`, { cause: options.cause });
    this.kind = kind;
    this.messageKey = messageKey;
    this.params = options.params ?? {};
    this.retryable = options.retryable ?? RETRIED_KINDS.has(kind);
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
  }
}

/** The user-facing message for each kind a provider reports. */
const PROVIDER_MESSAGES: Record<ProviderErrorKind, MessageKey> = {
  'rate-limited': 'error.provider-down',
  unavailable: 'error.provider-down',
  refused: 'error.refused',
  invalid: 'error.internal',
  'outcome-unknown': 'error.outcome-unknown',
};

export type ProviderErrorKind = Extract<ErrorKind, 'rate-limited' | 'unavailable' | 'refused' | 'invalid' | 'outcome-unknown'>;

/**
 * A video or LLM provider's failure, translated from its SDK's errors at the edge, so the render
 * step never looks at an HTTP status itself. The message is the provider's detail, for logs.
 */
export class ProviderError extends ReverieError {
  override name = 'ProviderError';
  declare readonly kind: ProviderErrorKind;

  constructor(kind: ProviderErrorKind, detail: string, options: Omit<ReverieErrorOptions, 'detail'> = {}) {
    // The provider's own words go to the log only: they may say anything, in any language.
    super(kind, PROVIDER_MESSAGES[kind], { ...options, detail });
  }
}

/** A wrong or missing setting; the message lists each one and how to fix it. */
export class ConfigError extends ReverieError {
  override name = 'ConfigError';

  constructor(detail: string) {
    super('config', 'error.internal', { detail });
  }
}

/** A platform said the file is too large for this chat; `refusedBytes` is what it refused. */
export function tooLargeError(refusedBytes: number, cause?: unknown): ReverieError {
  return new ReverieError('too-large', 'error.upload-too-large', { params: { size: (refusedBytes / 1_000_000).toFixed(1) }, detail: `upload of ${refusedBytes} bytes refused as too large`, cause });
}
