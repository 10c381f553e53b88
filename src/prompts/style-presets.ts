import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Mood } from '../domain/creative-plan.ts';
import { ShotTransition } from '../domain/shot-transition.ts';
import { PROMPTS_DIR } from './prompts-dir.ts';
import { parseKeyValueText } from './key-value-text.ts';

/**
 * Style presets live as text files in prompts/styles/ so a non-programmer can tune them.
 * Format: `key: value` lines, `#` comments; `|` separates alternatives the planner cycles through.
 */

export const StylePreset = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  version: z.number().int().positive(),
  labels: z.object({ en: z.string(), zh: z.string() }),
  /** Words in a casual sentence that select this preset (any language, lower-case). */
  keywords: z.array(z.string()).min(1),
  mood: Mood,
  /** Backdrop colours for the offline renderer, '#rrggbb', darkest first. */
  palette: z.array(z.string().regex(/^#[0-9a-fA-F]{6}$/)).min(2),
  /** Between shots of the finished clip; `fade` when the file names none. */
  transition: ShotTransition,
  cameras: z.array(z.string()).min(1),
  lightings: z.array(z.string()).min(1),
  ambience: z.string(),
  effects: z.array(z.string()),
  music: z.string().nullable(),
  negative: z.string(),
  /** One paragraph of direction for LLM planners. */
  direction: z.string(),
});
export type StylePreset = z.infer<typeof StylePreset>;

const STYLES_DIR = join(PROMPTS_DIR, 'styles');

const splitList = (value: string | undefined, separator: string): string[] =>
  (value ?? '')
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');

export function parseStylePreset(text: string, source: string): StylePreset {
  const fields = parseKeyValueText(text, source);
  const result = StylePreset.safeParse({
    name: fields.name,
    version: Number(fields.version),
    labels: { en: fields['label.en'], zh: fields['label.zh'] },
    keywords: splitList(fields.keywords, ',').map((word) => word.toLowerCase()),
    mood: fields.mood,
    palette: splitList(fields.palette, ' '),
    transition: fields.transition ?? 'fade',
    cameras: splitList(fields.camera, '|'),
    lightings: splitList(fields.lighting, '|'),
    ambience: fields.ambience ?? '',
    effects: splitList(fields.effects, ','),
    music: fields.music && fields.music !== 'none' ? fields.music : null,
    negative: fields.negative ?? '',
    direction: fields.direction ?? '',
  });
  if (!result.success) throw new Error(`${source}: ${z.prettifyError(result.error)}`);
  return result.data;
}

let cache: ReadonlyMap<string, StylePreset> | null = null;

/** All presets, read once; a broken preset file fails start-up rather than a user's request. */
export function loadStylePresets(): ReadonlyMap<string, StylePreset> {
  if (cache) return cache;
  const presets = new Map<string, StylePreset>();
  for (const file of readdirSync(STYLES_DIR)
    .filter((name) => name.endsWith('.txt'))
    .sort()) {
    const preset = parseStylePreset(readFileSync(join(STYLES_DIR, file), 'utf8'), file);
    presets.set(preset.name, preset);
  }
  cache = presets;
  return presets;
}

export const DEFAULT_STYLE = 'cinematic';

/** The named preset, or the default one for an unknown name (plans from LLMs may invent names). */
export function loadStylePreset(name: string): StylePreset {
  const presets = loadStylePresets();
  const preset = presets.get(name) ?? presets.get(DEFAULT_STYLE);
  if (!preset) throw new Error(`prompts/styles has no "${DEFAULT_STYLE}" preset`);
  return preset;
}
