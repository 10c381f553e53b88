import type { Mood } from '../../domain/creative-plan.ts';
import { OUTPUT_FPS } from '../../media/encode-args.ts';
import type { ShotRandom } from './shot-variation.ts';

/** Snow falling, or light motes rising: what drifts in front of the backdrop. */
export type ParticleKind = 'snow' | 'motes';

/** Settings that bring weather, and moods that float; everything else stays clear. */
export function particleKind(settingId: string | null, mood: Mood): ParticleKind | null {
  if (settingId === 'snow' || settingId === 'rain') return 'snow';
  if (settingId === 'stars' || mood === 'dreamy' || mood === 'warm') return 'motes';
  return null;
}

export interface ParticleSpec {
  width: number;
  height: number;
  kind: ParticleKind;
  random: ShotRandom;
  /** The label to draw on and the label to leave, without brackets. */
  from: string;
  to: string;
}

/**
 * Sparse soft dots, drawn once and scrolled every frame (down for snow, up for motes) and
 * screened over the picture. Drawn at a sixth of the frame and scaled up, so a flake is a soft
 * disc, not a pixel, and the whole layer costs a small fraction of the shot.
 */
export function particlesGraph(spec: ParticleSpec): string {
  const [lowWidth, lowHeight] = [Math.round(spec.width / 6 / 2) * 2, Math.round(spec.height / 6 / 2) * 2];
  const density = spec.kind === 'snow' ? 0.006 : 0.003;
  const speed = (spec.kind === 'snow' ? -1 : 1) * spec.random.between(0.0015, 0.003);
  // Screen on luma only (screening yuv chroma tints the picture purple); the dot's grey is its strength.
  const brightness = spec.kind === 'snow' ? 225 : 150;
  return [
    `color=c=black:s=${lowWidth}x${lowHeight}:r=${OUTPUT_FPS}:d=${(1 / OUTPUT_FPS).toFixed(4)},format=gray,` +
      `geq=lum='if(lt(random(0),${density}),${brightness},0)',gblur=sigma=0.7,loop=loop=-1:size=1,setpts=N/${OUTPUT_FPS}/TB,` +
      `scroll=vertical=${speed.toFixed(4)},scale=${spec.width}:${spec.height}:flags=bicubic,format=yuv420p[particles]`,
    `[${spec.from}]format=yuv420p[under];[under][particles]blend=shortest=1:c0_mode=screen:c1_mode=normal:c2_mode=normal[${spec.to}]`,
  ].join(';\n');
}
