import type { Address } from '../domain/creation-request.ts';

/** Planning is LLM-bound and cheap to retry, so it has its own queue ahead of rendering. */
export const PLAN_QUEUE = 'plan';

/** One render queue per provider, so a 429 from one model rate-limits only that model. */
export function renderQueueName(providerId: string): string {
  return `render-${providerId}`;
}

/**
 * Deliveries go to the process that owns the conversation: one queue per platform, and one per
 * console session (a terminal is owned by exactly one process, and two may share a Redis).
 */
export function deliveryQueueName(where: Pick<Address, 'platform' | 'conversationId'>): string {
  return where.platform === 'console' ? `deliver-console-${where.conversationId}` : `deliver-${where.platform}`;
}
