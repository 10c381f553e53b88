import type { CreativePlan } from '../domain/creative-plan.ts';

/** Crossfade between shots in the finished clip, seconds. */
export const CROSSFADE_SECONDS = 0.3;

/**
 * Seconds to ask of the renderer per shot: every shot but the last runs one crossfade longer,
 * so the assembled clip lasts exactly the plan's total.
 */
export function shotSecondsFor(plan: CreativePlan): number[] {
  return plan.shots.map((shot, index) => shot.seconds + (index < plan.shots.length - 1 ? CROSSFADE_SECONDS : 0));
}
