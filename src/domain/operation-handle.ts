import { z } from 'zod';

/**
 * A provider's running generation as JSON: what a step job persists right after the create call,
 * so any process can poll it, download it or cancel it (and never create it twice).
 */
export const OperationHandle = z.object({
  /** Provider id that created it ('local', 'omni', 'veo', …): a handle is only valid there. */
  provider: z.string().min(1),
  /** The provider's own operation id (Veo operation name, Omni interaction id, a local path). */
  operationId: z.string().min(1),
  /** Provider-specific JSON the later calls need (model id, file uri, …). */
  data: z.record(z.string(), z.unknown()),
});
export type OperationHandle = z.infer<typeof OperationHandle>;
