import { readFile } from 'node:fs/promises';
import { resolveModel } from '../models/model-catalogue.ts';
import type { ModelRow } from '../models/model-types.ts';
import { snapIntent } from '../models/snap-intent.ts';
import { ProviderError } from '../domain/errors.ts';
import type { LocalImage, ShotInput } from '../ports/video-provider.ts';
import { buildModelPrompt } from './fal/fal-input.ts';
import { loadModelConventions } from './shot-prompt.ts';

export interface ShotModel {
  row: ModelRow;
  settings: ReturnType<typeof snapIntent>['settings'];
  /** The avatar as a data URI when the model starts from it, else null (described in words). */
  imageUri: string | null;
  prompt: string;
}

/**
 * For routes that serve several models (fal, Runway): the plan's model row, the shot snapped to
 * what that model accepts, the avatar as a first frame where allowed, and the model's prompt.
 */
export async function prepareShotModel(
  input: ShotInput,
  options: { models: readonly ModelRow[]; defaultModel: ModelRow; sendAvatarImage: boolean; audio: boolean; label: (row: ModelRow) => string },
): Promise<ShotModel> {
  const avatar: LocalImage | null = options.sendAvatarImage && input.plan.protagonist.useAvatar ? input.avatar : null;
  const { model: row } = resolveModel(options.models, input.plan.requestedModel, { avatar: avatar !== null, defaultModel: options.defaultModel });
  const snapped = snapIntent({ seconds: input.seconds, aspectRatio: input.plan.aspectRatio, audio: options.audio, avatar: avatar !== null }, row);
  if (snapped.unsupported) throw new ProviderError('invalid', `${options.label(row)}: ${snapped.unsupported}`);
  const { settings } = snapped;
  const imageUri = settings.mode === 'image' && avatar ? `data:${avatar.mimeType};base64,${(await readFile(avatar.path)).toString('base64')}` : null;
  const prompt = buildModelPrompt(input.plan, input.shotIndex, loadModelConventions(row.conventions), { imageAttached: imageUri !== null, maxChars: row.maxPromptChars });
  return { row, settings, imageUri, prompt };
}
