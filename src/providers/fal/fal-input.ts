import type { CreativePlan } from '../../domain/creative-plan.ts';
import type { ModelRow, SnappedSettings } from '../../models/model-types.ts';
import { buildShotPrompt, fillTemplate, type ModelConventions } from '../shot-prompt.ts';

/**
 * A plan shot + a model row → the JSON body fal's queue receives. Pure mappings, tested on their
 * own: every per-model difference is a field of the row, never a branch on the model's name.
 */

/** Seconds as the model writes them: "5", 5 or "5s". */
export function wireSeconds(row: Pick<ModelRow, 'durationWire'>, seconds: number): string | number {
  switch (row.durationWire) {
    case 'string':
      return String(seconds);
    case 'seconds-suffix':
      return `${seconds}s`;
    default:
      return seconds;
  }
}

export interface FalRequestParts {
  prompt: string;
  negativePrompt: string;
  /** The avatar as a data URI (fal takes base64 data URIs for file inputs), or null. */
  imageUri: string | null;
}

export function buildFalInput(row: ModelRow, settings: SnappedSettings, parts: FalRequestParts): { endpointId: string; input: Record<string, unknown> } {
  const endpointId = row.endpoints[settings.mode];
  if (!endpointId) throw new Error(`${row.key} has no ${settings.mode} endpoint`);
  const input: Record<string, unknown> = { prompt: parts.prompt };
  if (row.durationParam && row.durationWire !== 'none') input[row.durationParam] = wireSeconds(row, settings.seconds);
  if (row.ratioParam && settings.aspectRatio) input[row.ratioParam] = row.ratioWire?.[settings.aspectRatio] ?? settings.aspectRatio;
  if (row.resolutionParam) input[row.resolutionParam] = settings.resolution;
  if (row.audioParam && row.audio === 'optional') input[row.audioParam] = settings.audio;
  if (settings.mode === 'image' && row.image.param && parts.imageUri) input[row.image.param] = parts.imageUri;
  if (row.negativePromptParam && parts.negativePrompt.trim()) input[row.negativePromptParam] = parts.negativePrompt.trim();
  return { endpointId, input: { ...input, ...row.extraInput } };
}

/**
 * `camera_tags: push in|dolly in => Push in; pan left => Pan left` from a conventions file: the
 * plan's camera words → the bracket commands some models obey (Hailuo's `[Push in]`).
 */
export function cameraTagsFor(camera: string, conventions: ModelConventions): string[] {
  const rules = conventions.templates.camera_tags;
  if (!rules) return [];
  const lower = camera.toLowerCase();
  const tags: string[] = [];
  for (const rule of rules.split(';')) {
    const [phrases, tag] = rule.split('=>').map((part) => part.trim());
    if (!phrases || !tag) continue;
    if (phrases.split('|').some((phrase) => phrase.trim() !== '' && lower.includes(phrase.trim().toLowerCase())) && !tags.includes(tag)) tags.push(tag);
  }
  return tags.slice(0, 3);
}

/** Cut at a word boundary: a model that rejects long prompts gets the first, most important lines. */
export function clampPrompt(prompt: string, maxChars: number): string {
  if (prompt.length <= maxChars) return prompt;
  const cut = prompt.slice(0, maxChars);
  const boundary = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf(' '));
  return (boundary > maxChars * 0.6 ? cut.slice(0, boundary) : cut).trim();
}

/** The shot's prompt in the model's conventions, camera tags applied, within its length limit. */
export function buildModelPrompt(plan: CreativePlan, shotIndex: number, conventions: ModelConventions, options: { imageAttached: boolean; maxChars: number }): string {
  const shot = plan.shots[shotIndex];
  if (!shot) throw new Error(`plan has no shot ${shotIndex}`);
  const tags = cameraTagsFor(shot.camera, conventions);
  const tagged = conventions.templates.camera_tagged;
  const camera = tags.length > 0 && tagged ? fillTemplate(tagged, { tags: tags.join(','), camera: shot.camera }) : shot.camera;
  const shots = plan.shots.map((candidate, index) => (index === shotIndex ? { ...candidate, camera } : candidate));
  return clampPrompt(buildShotPrompt({ ...plan, shots }, shotIndex, conventions, { imageAttached: options.imageAttached }), options.maxChars);
}
