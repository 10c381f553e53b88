import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreativePlan } from '../domain/creative-plan.ts';
import { parseKeyValueText } from '../prompts/key-value-text.ts';
import { loadStylePreset } from '../prompts/style-presets.ts';
import { PROMPTS_DIR } from '../prompts/prompts-dir.ts';

/**
 * A plan shot → the text a video model reads. The phrasing (how camera, sound and dialogue are
 * written for each model) lives in prompts/models/<name>.txt; this file only fills and joins it,
 * so a prompt writer can tune a model's conventions without touching code.
 */

export interface ModelConventions {
  name: string;
  version: number;
  /** What the director is told about this model's limits. */
  limits: string;
  templates: Readonly<Record<string, string>>;
}

const cache = new Map<string, ModelConventions>();

/** prompts/models/<name>.txt, read once. */
export function loadModelConventions(name: string): ModelConventions {
  const cached = cache.get(name);
  if (cached) return cached;
  const source = `prompts/models/${name}.txt`;
  const fields = parseKeyValueText(readFileSync(join(PROMPTS_DIR, 'models', `${name}.txt`), 'utf8'), source);
  const version = Number(fields.version);
  if (fields.name !== name || !Number.isInteger(version) || !fields.limits) {
    throw new Error(`${source}: needs "name: ${name}", an integer "version" and "limits"`);
  }
  const conventions: ModelConventions = { name, version, limits: fields.limits, templates: fields };
  cache.set(name, conventions);
  return conventions;
}

/** One pass over `{key}` placeholders: values (user words) are never expanded again. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** How a prompt names the language a line is spoken in ("Mandarin Chinese", "Japanese"). */
export function spokenLanguageName(tag: string): string {
  const lower = tag.toLowerCase();
  if (lower === 'zh-hant' || lower === 'zh-tw' || lower === 'zh-hk') return 'Mandarin Chinese (Traditional script)';
  if (lower.startsWith('zh')) return 'Mandarin Chinese';
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** A description ends as a sentence, so the next line does not run into it. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?。！？…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export interface ShotPromptOptions {
  /** The avatar goes along as an image (Omni's first frame, Veo's starting image). */
  imageAttached: boolean;
}

/** The prompt for one shot of the plan, in the model's conventions. */
export function buildShotPrompt(plan: CreativePlan, shotIndex: number, conventions: ModelConventions, options: ShotPromptOptions): string {
  const shot = plan.shots[shotIndex];
  if (!shot) throw new Error(`plan has no shot ${shotIndex}`);
  const t = conventions.templates;
  const line = (key: string, values: Record<string, string> = {}): string | null => {
    const template = t[key];
    return template ? fillTemplate(template, values) : null;
  };
  const description = plan.protagonist.description.trim();
  const protagonist = options.imageAttached ? line('protagonist_image', { description: description || 'as pictured' }) : description ? line('protagonist', { description }) : null;
  const language = spokenLanguageName(plan.language);
  const spoken = shot.spoken ? line(shot.spoken.speaker === 'protagonist' ? 'protagonist_line' : 'voice_over', { line: shot.spoken.line, language }) : line('no_dialogue');
  const lines = [
    line('style', { style: loadStylePreset(plan.style).labels.en }),
    line('scene', { action: asSentence(shot.action) }),
    protagonist,
    line('camera', { camera: shot.camera }),
    line('lighting', { lighting: shot.lighting }),
    shot.sound.ambience.trim() ? line('ambience', { ambience: shot.sound.ambience }) : null,
    shot.sound.effects.length > 0 ? line('effects', { effects: shot.sound.effects.join(', ') }) : null,
    shot.sound.music ? line('music', { music: shot.sound.music }) : line('no_music'),
    spoken,
    line('text'),
    plan.negativePrompt.trim() ? line('avoid', { negative: plan.negativePrompt.trim() }) : null,
  ];
  return lines.filter((item): item is string => item !== null && item.trim() !== '').join('\n');
}

/** The text of a revision turn (Omni edits the previous clip): the viewer's words, verbatim. */
export function buildRevisionPrompt(instruction: string, conventions: ModelConventions): string {
  const template = conventions.templates.revision;
  if (!template) throw new Error(`prompts/models/${conventions.name}.txt has no "revision" line`);
  return fillTemplate(template, { instruction: instruction.trim() });
}
