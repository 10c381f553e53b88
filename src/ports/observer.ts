import type { ErrorKind } from '../domain/errors.ts';

/** The pipeline's stages as measured: planning, the model's generation, assembly, the post. */
export type Stage = 'plan' | 'generate' | 'finish' | 'deliver';

/** One call to a video provider. */
export type ProviderCall = 'start' | 'status' | 'download' | 'cancel';

/**
 * What the core reports for operations (metrics): small synchronous hooks, so the pipeline and the
 * chat core never import a metrics library. Every method must be cheap and must not throw.
 */
export interface ReverieObserver {
  /** A stage finished, in seconds. */
  stageDone(stage: Stage, seconds: number): void;
  /** One provider call ended, successfully or not, in seconds. */
  providerCall(providerId: string, call: ProviderCall, outcome: 'ok' | 'error', seconds: number): void;
  /**
   * A provider call failed, or an operation ended refused or failed, as an ErrorKind; `model` is
   * the model the call was for, `detail` the error's message or the provider's reason (the
   * owner's page shows the latest ones).
   */
  providerError(providerId: string, model: string, kind: ErrorKind, detail: string): void;
  /** A clip was posted; its cost in dollars when known. */
  clipDelivered(costUsd: number | null): void;
  /** The chat core acknowledged a request this many seconds after it was received. */
  acknowledged(seconds: number): void;
}
