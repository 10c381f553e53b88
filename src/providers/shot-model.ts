import { readFile } from 'node:fs/promises';
import { resolveModel } from '../models/model-catalogue.ts';
import type { ModelRow } from '../models/model-types.ts';
import { snapIntent } from '../models/snap-intent.ts';
import { ProviderError } from '../domain/errors.ts';
import type { LocalImage, ShotInput } from '../ports/video-provider.ts';
import { buildModelPrompt } from './fal/fal-input.ts';
import { loadModelConventions } from './shot-prompt.ts';
import { rowTakesFirstFrame, sentAvatar } from './start-picture.ts';

export interface ShotModel {
  row: ModelRow;
  settings: ReturnType<typeof snapIntent>['settings'];
  /** The start picture as a data URI when the model starts from one, else null (described in words). */
  imageUri: string | null;
  prompt: string;
}

interface RowOptions {
  models: readonly ModelRow[];
  defaultModel: ModelRow;
  sendAvatarImage: boolean;
}

/**
 * The plan's model row. Chosen by the avatar alone, never by a last frame, so every shot of a clip
 * is made by the same model whether or not it starts from the shot before.
 */
function shotRow(input: ShotInput, options: RowOptions): ModelRow {
  return resolveModel(options.models, input.plan.requestedModel, { avatar: sentAvatar(input, options.sendAvatarImage) !== null, defaultModel: options.defaultModel }).model;
}

/** `VideoProvider.wantsFirstFrame` for the multi-model routes: no avatar goes out and the row takes a picture. */
export function shotWantsFirstFrame(input: ShotInput, options: RowOptions): boolean {
  return sentAvatar(input, options.sendAvatarImage) === null && rowTakesFirstFrame(shotRow(input, options));
}

/**
 * For routes that serve several models (fal, Runway): the plan's model row, the shot snapped to
 * what that model accepts, the avatar (or the previous shot's last frame) as a first frame where allowed, and the model's prompt.
 */
export async function prepareShotModel(
  input: ShotInput,
  options: { models: readonly ModelRow[]; defaultModel: ModelRow; sendAvatarImage: boolean; audio: boolean; label: (row: ModelRow) => string },
): Promise<ShotModel> {
  const row = shotRow(input, options);
  const avatar = sentAvatar(input, options.sendAvatarImage);
  const picture: LocalImage | null = avatar ?? (rowTakesFirstFrame(row) ? (input.firstFrame ?? null) : null);
  const snapped = snapIntent({ seconds: input.seconds, aspectRatio: input.plan.aspectRatio, audio: options.audio, avatar: picture !== null }, row);
  if (snapped.unsupported) throw new ProviderError('invalid', `${options.label(row)}: ${snapped.unsupported}`);
  const { settings } = snapped;
  const imageUri = settings.mode === 'image' && picture ? `data:${picture.mimeType};base64,${(await readFile(picture.path)).toString('base64')}` : null;
  const prompt = buildModelPrompt(input.plan, input.shotIndex, loadModelConventions(row.conventions), { imageAttached: imageUri !== null, maxChars: row.maxPromptChars });
  return { row, settings, imageUri, prompt };
}
