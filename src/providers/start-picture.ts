import type { ModelRow } from '../models/model-types.ts';
import type { LocalImage, ShotInput } from '../ports/video-provider.ts';

/**
 * Which picture a shot starts from, one rule for every route: the avatar where the plan uses it and
 * policy lets the picture itself go out (SEND_AVATAR_IMAGES), else the previous shot's last frame
 * (which the pipeline supplies only when the provider asked for it), else none.
 */

/** The avatar picture that may be sent for this shot, or null (then it is described in words). */
export function sentAvatar(input: ShotInput, sendAvatarImage: boolean): LocalImage | null {
  return sendAvatarImage && input.plan.protagonist.useAvatar ? input.avatar : null;
}

/** The picture this shot starts from: the sent avatar, else the previous shot's last frame. */
export function startPicture(input: ShotInput, sendAvatarImage: boolean): LocalImage | null {
  return sentAvatar(input, sendAvatarImage) ?? input.firstFrame ?? null;
}

/**
 * A model row takes a first frame when it has an image endpoint with a picture field; a row that
 * rejects real faces is left out too, since a frame of a person is refused as readily as a photo.
 */
export function rowTakesFirstFrame(row: ModelRow): boolean {
  return Boolean(row.endpoints.image && row.image.param) && row.image.realFaces !== 'rejected';
}
