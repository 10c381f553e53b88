import type { AspectRatio } from '../domain/creative-plan.ts';

export interface FrameSize {
  width: number;
  height: number;
}

/** 720 on the short side: the chat apps show no more, and it keeps encodes at ~0.5× duration. */
const FRAME_SIZES: Record<AspectRatio, FrameSize> = {
  '9:16': { width: 720, height: 1280 },
  '16:9': { width: 1280, height: 720 },
  '1:1': { width: 720, height: 720 },
};

export function frameSizeForAspect(aspectRatio: AspectRatio): FrameSize {
  return FRAME_SIZES[aspectRatio];
}
