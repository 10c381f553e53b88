import { z } from 'zod';
import { CreativePlan } from '../domain/creative-plan.ts';
import type { PlannerInput } from '../ports/planner.ts';
import { findAvatarWish } from './read-request.ts';
import { loadStylePresets } from '../prompts/style-presets.ts';

/**
 * The plan schema as LLMs see it, and the checks every LLM answer goes through. The wire schema
 * is the plan object without its cross-field rule (JSON Schema cannot say "total = sum"); the
 * rule is restored by validating with the full CreativePlan after a few deterministic fixes.
 */

/** CreativePlan's fields without the totalSeconds refinement: what structured outputs enforce. */
export const PlanShape = z.object(CreativePlan.shape);

/** A planner answer that stayed invalid after the repair turn; the pipeline falls back offline. */
export class PlannerOutputError extends Error {
  override name = 'PlannerOutputError';
}

/** Keywords Gemini's `responseJsonSchema` documents; anything else is dropped rather than risk a 400. */
const GEMINI_KEYWORDS = new Set([
  '$id',
  '$defs',
  '$ref',
  '$anchor',
  'type',
  'format',
  'title',
  'description',
  'enum',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'anyOf',
  'oneOf',
  'properties',
  'additionalProperties',
  'required',
  'propertyOrdering',
]);

function toGeminiSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toGeminiSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // A string constant becomes a one-value enum; others (version: 1) are set by checkPlanCandidate.
    if (key === 'const') {
      if (typeof value === 'string') out.enum = [value];
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toGeminiSchema(schema)]));
      out.propertyOrdering = Object.keys(value);
    } else if (GEMINI_KEYWORDS.has(key)) out[key] = toGeminiSchema(value);
  }
  return out;
}

let geminiSchema: unknown = null;

/** `z.toJSONSchema` of the plan, trimmed to the subset Gemini's structured output accepts. */
export function planJsonSchemaForGemini(): unknown {
  geminiSchema ??= toGeminiSchema(z.toJSONSchema(PlanShape));
  return geminiSchema;
}

/** Whether the avatar picture should go to the planner at all: only when the user wants it used. */
export function avatarWanted(input: PlannerInput): boolean {
  if (input.avatar === null) return false;
  return input.options.useAvatar ?? findAvatarWish(input.instruction ?? input.sentence) ?? input.previousPlan?.protagonist.useAvatar ?? false;
}

export type PlanCheck = { ok: true; plan: CreativePlan } | { ok: false; problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ORIENTATION_RATIO = { vertical: '9:16', landscape: '16:9', square: '1:1' } as const;

/**
 * Deterministic fixes, then the full schema. The user's own script is put back verbatim (an LLM
 * must not "improve" it), totals are recomputed, and pinned options win over the model's taste.
 */
export function checkPlanCandidate(candidate: unknown, input: PlannerInput): PlanCheck {
  if (!isRecord(candidate)) return { ok: false, problem: 'The answer must be one JSON object with the plan fields.' };
  const plan: Record<string, unknown> = { ...candidate, version: 1 };
  plan.script = (input.script ?? input.previousPlan?.script ?? '').trim();
  const shots = plan.shots;
  if (Array.isArray(shots) && shots.every((shot) => isRecord(shot) && typeof shot.seconds === 'number')) {
    plan.totalSeconds = Math.round(shots.reduce((sum: number, shot) => sum + (shot as { seconds: number }).seconds, 0) * 100) / 100;
  }
  // The avatar is the protagonist exactly when the user asked for it and has one.
  if (isRecord(plan.protagonist)) plan.protagonist = { ...plan.protagonist, useAvatar: avatarWanted(input) };
  if (input.options.orientation) plan.aspectRatio = ORIENTATION_RATIO[input.options.orientation];
  if (input.options.style && loadStylePresets().has(input.options.style)) plan.style = input.options.style;
  if (input.options.model) plan.requestedModel = input.options.model;
  const result = CreativePlan.safeParse(plan);
  if (result.success) return { ok: true, plan: result.data };
  return { ok: false, problem: z.prettifyError(result.error).slice(0, 2000) };
}

/** JSON text → checked plan; a parse error is a problem to repair like any other. */
export function checkPlanText(text: string | null | undefined, input: PlannerInput): PlanCheck {
  if (!text || text.trim() === '') return { ok: false, problem: 'The answer was empty; reply with the plan as one JSON object.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch (error) {
    return { ok: false, problem: `The answer is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  return checkPlanCandidate(parsed, input);
}
