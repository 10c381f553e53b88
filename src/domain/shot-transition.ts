import { z } from 'zod';

/**
 * How one shot gives way to the next: an ffmpeg xfade transition. The style presets pick one each
 * (a dip to black for cinematic, a slide for anime, ink dissolving for ink wash); the overlap is
 * the same crossfade for all, so a style never changes the clip's length.
 */
export const ShotTransition = z.enum(['fade', 'fadeblack', 'fadewhite', 'dissolve', 'wipeleft', 'slideleft', 'circleopen', 'zoomin']);
export type ShotTransition = z.infer<typeof ShotTransition>;
