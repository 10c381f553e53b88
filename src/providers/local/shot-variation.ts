import type { CreativePlan } from '../../domain/creative-plan.ts';

/** Deterministic per-shot randomness: the same plan renders the same short, shots still differ. */
export interface ShotRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A 32-bit seed for ffmpeg noise sources (anoisesrc). */
  seed(): number;
}

/** FNV-1a: a stable hash so the seed survives process restarts (Math.random would not). */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Seeded by what makes a take: the plan's title and style, the shot, its camera and lighting (🎲
 * variation re-plans exactly those) and the take number (🔁 regenerate keeps the plan). A new take
 * must look new; the same take of the same plan renders the same short.
 */
export function createShotRandom(plan: CreativePlan, shotIndex: number, take = 0): ShotRandom {
  const shot = plan.shots[shotIndex];
  // mulberry32: tiny, fast, good enough for choosing colours and chime times.
  let state = hashText(`${plan.title}|${plan.style}|${shotIndex}|${shot?.camera ?? ''}|${shot?.lighting ?? ''}|${take}`);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    seed: () => Math.floor(next() * 4294967295),
  };
}
