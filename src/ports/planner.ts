import type { CreativePlan } from '../domain/creative-plan.ts';
import type { RequestOptions } from '../domain/creation-request.ts';
import type { LocalImage } from './video-provider.ts';
import type { MessageKey, MessageParams } from '../i18n/messages.ts';

/** Something the user should know about how their request was read, in their language. */
export interface UserNote {
  key: MessageKey;
  params?: MessageParams;
}

export interface PlannerInput {
  /** The user's casual sentence, as typed. */
  sentence: string;
  /** The resolved "this text" (reply, quote, attachment or inline), or null. */
  script: string | null;
  locale: string;
  /** The avatar picture when the user has one; the planner decides whether to use it. */
  avatar: LocalImage | null;
  options: RequestOptions;
  /** Bumped for 🎲 Variation so a deterministic planner still gives a new plan. */
  variation: number;
  /** When re-planning (revise by reply, safer rewrite after a refusal): the plan to change. */
  previousPlan: CreativePlan | null;
  /** What to change about `previousPlan`, or null. */
  instruction: string | null;
}

export interface PlanResult {
  plan: CreativePlan;
  /** Which planner produced it ('offline', 'gemini', 'openai'). */
  planner: string;
  /** Things the user should know ("planned in English, your words kept verbatim"). */
  notes: UserNote[];
}

export interface Planner {
  readonly id: string;
  plan(input: PlannerInput, options?: { signal?: AbortSignal }): Promise<PlanResult>;
}
