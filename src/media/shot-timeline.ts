/**
 * Where each shot sits in the assembled clip. The assembler and the subtitle timing both use this,
 * so a cue meant for a shot starts exactly where that shot starts on screen.
 */
export interface ShotTimeline {
  /** The crossfade actually used: clamped to half the shortest shot, 0 for one shot. */
  fadeSeconds: number;
  /** Start of each shot in the assembled clip: Σ earlier durations − k·fade (xfade's offsets). */
  starts: number[];
  totalSeconds: number;
}

export function shotTimeline(durations: readonly number[], fadeSeconds: number): ShotTimeline {
  const fade = durations.length > 1 ? Math.max(0, Math.min(fadeSeconds, Math.min(...durations) / 2)) : 0;
  const starts: number[] = [];
  let elapsed = 0;
  durations.forEach((duration, index) => {
    starts.push(elapsed - index * fade);
    elapsed += duration;
  });
  return { fadeSeconds: fade, starts, totalSeconds: elapsed - Math.max(0, durations.length - 1) * fade };
}
