import { ReverieError, type ErrorKind } from '../domain/errors.ts';
import type { ProviderCall, ReverieObserver } from '../ports/observer.ts';
import type { OperationHandle } from '../domain/operation-handle.ts';
import { findModelRow } from '../models/model-table.ts';
import type { OperationStatus, ShotInput, VideoProvider } from '../ports/video-provider.ts';

function kindOf(error: unknown): ErrorKind {
  return error instanceof ReverieError ? error.kind : 'internal';
}

/** How an operation that ended badly counts among provider errors. */
function statusKind(status: OperationStatus): ErrorKind | null {
  if (status.state === 'refused') return 'refused';
  if (status.state === 'failed') return status.retryable ? 'unavailable' : 'invalid';
  return null;
}

/** The model a call was for, as its `/models` key where the table knows it: the plan's model on a create, the handle's on later calls. */
function modelOf(provider: VideoProvider, named: unknown): string {
  const name = typeof named === 'string' && named !== '' ? named : provider.modelId;
  return findModelRow(name)?.key ?? name;
}

/**
 * The provider with each call timed and each failure counted by kind. Everything else (id, flags,
 * `draft`, fields tests read) is the provider's own, through the prototype chain.
 */
export function observeProvider(provider: VideoProvider, observer: ReverieObserver): VideoProvider {
  const timed = async <T>(call: ProviderCall, model: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const result = await run();
      observer.providerCall(provider.id, call, 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      observer.providerCall(provider.id, call, 'error', (performance.now() - started) / 1000);
      observer.providerError(provider.id, model, kindOf(error), error instanceof Error ? error.message : String(error));
      throw error;
    }
  };
  const observed = Object.create(provider) as VideoProvider & Record<string, unknown>;
  const planned = (input: ShotInput) => modelOf(provider, input.plan.requestedModel);
  const handled = (handle: OperationHandle) => modelOf(provider, handle.data.model);
  observed.start = (input, options) => timed('start', planned(input), () => provider.start(input, options));
  observed.status = async (handle, options) => {
    const status = await timed('status', handled(handle), () => provider.status(handle, options));
    const kind = statusKind(status);
    if (kind && 'reason' in status) observer.providerError(provider.id, handled(handle), kind, status.reason);
    return status;
  };
  observed.download = (handle, path, options) => timed('download', handled(handle), () => provider.download(handle, path, options));
  if (provider.cancel) {
    const cancel = provider.cancel.bind(provider);
    observed.cancel = (handle, options) => timed('cancel', handled(handle), () => cancel(handle, options));
  }
  return observed;
}
