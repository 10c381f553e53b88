import type { CreativePlan } from '../domain/creative-plan.ts';
import type { LocalImage } from './video-provider.ts';

export interface PreviewFrameInput {
  plan: CreativePlan;
  /** The picture the plan starts from (avatar or attachment), or null for the scene's colour world. */
  avatar: LocalImage | null;
  /** Scratch space for the caption text files. */
  workDir: string;
  /** Where the JPEG goes. */
  outputPath: string;
  signal?: AbortSignal;
}

/**
 * Draws the storyboard preview's first frame on this machine, in well under a second: the user
 * sees what is being made before any paid model has answered.
 */
export interface PreviewPainter {
  paint(input: PreviewFrameInput): Promise<void>;
}
