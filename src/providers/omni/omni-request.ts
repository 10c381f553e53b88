import { readFile } from 'node:fs/promises';
import type { Interactions } from '@google/genai';
import type { AspectRatio } from '../../domain/creative-plan.ts';
import type { ShotInput } from '../../ports/video-provider.ts';
import { buildRevisionPrompt, buildShotPrompt, type ModelConventions } from '../shot-prompt.ts';
import { sentAvatar, startPicture } from '../start-picture.ts';

/** The create body for Gemini Omni Flash: a pure mapping from a plan shot, tested on its own. */

export type OmniCreateParams = Interactions.InteractionCreateParams.CreateModelInteractionParamsNonStreaming;

export const OMNI_MIN_SECONDS = 3;
export const OMNI_MAX_SECONDS = 10;

/** Omni takes whole seconds 3–10 as a string ("8s"); omitted would bill 10 s. */
export function snapOmniSeconds(seconds: number): number {
  return Math.min(OMNI_MAX_SECONDS, Math.max(OMNI_MIN_SECONDS, Math.round(seconds)));
}

/** Omni makes 16:9 or 9:16; a square plan is letterboxed by the assembler. */
export function omniAspectRatio(aspectRatio: AspectRatio): '9:16' | '16:9' {
  return aspectRatio === '9:16' ? '9:16' : '16:9';
}

export interface OmniRequestSettings {
  model: string;
  conventions: ModelConventions;
  /** Policy: send the avatar picture itself (else it is described in words only). */
  sendAvatarImage: boolean;
  apiVersion?: string | undefined;
}

export interface OmniRequest {
  params: OmniCreateParams;
  /** What the handle remembers, for captions, billing and a later revision. */
  summary: { model: string; seconds: number | null; aspectRatio: string | null; revisionOf: string | null; imageAttached: boolean };
}

/** An edit turn continues the revised clip and takes no picture; every other shot can start from one. */
function isRevision(input: ShotInput): boolean {
  return input.previous?.provider === 'omni' && Boolean(input.instruction);
}

/** Omni starts from a picture: with no avatar to send, the previous shot's last frame serves. */
export function omniWantsFirstFrame(input: ShotInput, settings: Pick<OmniRequestSettings, 'sendAvatarImage'>): boolean {
  return !isRevision(input) && sentAvatar(input, settings.sendAvatarImage) === null;
}

export async function buildOmniRequest(input: ShotInput, settings: OmniRequestSettings): Promise<OmniRequest> {
  const common = { background: true, store: true, ...(settings.apiVersion ? { api_version: settings.apiVersion } : {}) } as const;
  if (isRevision(input) && input.previous && input.instruction) {
    // Each edit turn is a complete new video; it keeps the original length, and takes no image.
    const model = typeof input.previous.data.model === 'string' ? input.previous.data.model : settings.model;
    return {
      params: {
        ...common,
        model,
        previous_interaction_id: input.previous.operationId,
        input: buildRevisionPrompt(input.instruction, settings.conventions),
        response_format: { type: 'video', delivery: 'uri' },
      },
      summary: { model, seconds: null, aspectRatio: null, revisionOf: input.previous.operationId, imageAttached: false },
    };
  }

  const seconds = snapOmniSeconds(input.seconds);
  const aspectRatio = omniAspectRatio(input.plan.aspectRatio);
  const picture = startPicture(input, settings.sendAvatarImage);
  const text = buildShotPrompt(input.plan, input.shotIndex, settings.conventions, { imageAttached: picture !== null });
  const image = picture ? { type: 'image' as const, data: (await readFile(picture.path)).toString('base64'), mime_type: picture.mimeType } : null;
  return {
    params: {
      ...common,
      model: settings.model,
      input: image ? [image, { type: 'text', text }] : [{ type: 'text', text }],
      response_format: { type: 'video', aspect_ratio: aspectRatio, duration: `${seconds}s`, resolution: '720p', delivery: 'uri' },
      generation_config: { video_config: { task: image ? 'image_to_video' : 'text_to_video' } },
    },
    summary: { model: settings.model, seconds, aspectRatio, revisionOf: null, imageAttached: image !== null },
  };
}
