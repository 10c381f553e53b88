import type { ClipRecord } from '../../src/domain/clip.ts';
import type { CreativePlan } from '../../src/domain/creative-plan.ts';
import { NO_OPTIONS } from '../../src/domain/creation-request.ts';
import { buildOfflinePlan } from '../../src/planner/offline-planner.ts';
import { makeRequest } from './requests.ts';

/** A real plan from the offline planner (what the record stores as JSON). */
export function makePlan(sentence = 'a calm 4 second short about the sea'): CreativePlan {
  return buildOfflinePlan({ sentence, script: null, locale: 'en', avatar: null, options: NO_OPTIONS, variation: 0, previousPlan: null, instruction: null }).plan;
}

/** A delivered-clip record as the render step saves it; override who, where and when. */
export function makeClip(overrides: { id?: string; userId?: string; platform?: 'console' | 'discord' | 'telegram'; createdAt?: number } = {}): ClipRecord {
  const request = makeRequest({
    ...(overrides.id ? { id: overrides.id } : {}),
    requester: { userId: overrides.userId ?? 'user-1', displayName: 'Ada', locale: 'en-US' },
    where: { platform: overrides.platform ?? 'discord', conversationId: 'channel-1', threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null },
  });
  const plan = makePlan();
  return {
    id: request.id,
    request,
    plan,
    planner: 'offline',
    providerId: 'local',
    modelId: 'local:storyboard',
    generatedSeconds: plan.totalSeconds,
    costUsd: 0,
    durationSeconds: plan.totalSeconds,
    sizeBytes: 1234,
    width: 720,
    height: 1280,
    lastOperation: null,
    generation: 0,
    createdAt: overrides.createdAt ?? Date.now(),
    messageId: null,
  };
}
