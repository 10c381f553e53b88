import type { MessageKey } from '../i18n/messages.ts';

/**
 * An outcome the user must hear about in their own language. `code` picks the message; `retryable`
 * tells the queue whether another attempt may help (a refusal or bad input never does).
 */
export type FailureCode =
  | 'bad-input'
  | 'refused'
  | 'provider-down'
  | 'rate-limited'
  | 'timed-out'
  | 'outcome-unknown'
  | 'too-busy'
  | 'internal';

export class ReverieError extends Error {
  override name = 'ReverieError';
  readonly code: FailureCode;
  readonly messageKey: MessageKey;
  readonly params: Record<string, string | number>;
  readonly retryable: boolean;

  constructor(
    code: FailureCode,
    messageKey: MessageKey,
    options: { params?: Record<string, string | number>; retryable?: boolean; detail?: string; cause?: unknown } = {},
  ) {
    super(options.detail ?? `${code}: ${messageKey}`, { cause: options.cause });
    this.code = code;
    this.messageKey = messageKey;
    this.params = options.params ?? {};
    this.retryable = options.retryable ?? false;
  }
}
