import type { Mood } from '../../domain/creative-plan.ts';
import { OUTPUT_FPS } from '../../media/encode-args.ts';
import type { ShotRandom } from './shot-variation.ts';

export interface PictureSpec {
  width: number;
  height: number;
  seconds: number;
  mood: Mood;
  /** The style preset's '#rrggbb' colours, darkest first. */
  palette: readonly string[];
  shotIndex: number;
  /** The take (🔁 regenerate): shifts the cycle of looks, so a new take looks different. */
  take: number;
  random: ShotRandom;
}

/** A light grade per mood; applied to one still (avatar) or a quarter-size frame (backdrop), so it costs nothing. */
const MOOD_GRADES: Record<Mood, string> = {
  warm: 'colorbalance=rs=0.06:gs=0.01:bs=-0.06:rh=0.04:bh=-0.04,eq=saturation=1.08',
  joyful: 'eq=saturation=1.2:brightness=0.02:contrast=1.04',
  calm: 'colorbalance=bs=0.04:bm=0.02,eq=saturation=0.92',
  dreamy: 'colorbalance=rh=0.05:bh=0.03,eq=saturation=0.9:contrast=0.92:brightness=0.03',
  melancholy: 'colorbalance=bs=0.06:bm=0.03,eq=saturation=0.65:contrast=0.96',
  tense: 'colorbalance=gs=0.03:bs=0.05:rh=0.04,eq=contrast=1.12:saturation=0.85',
  epic: 'colorbalance=rh=0.06:bh=-0.05:bs=0.05,eq=contrast=1.1:saturation=1.05',
};

/** The mood's grade as an ffmpeg filter chain, for a still (the avatar) or the backdrop. */
export function moodGrade(mood: Mood): string {
  return MOOD_GRADES[mood];
}

const fixed = (value: number): string => value.toFixed(4);
const ffmpegColour = (hex: string): string => `0x${hex.replace('#', '')}`;

/** Three looks, cycled per shot (and shifted per take): a diagonal light streak, a soft haze, a dawn glow from above. */
const LOOKS = [
  { base: [0, 1, 2, 0], from: [0, 1], to: [1, 0], glow: [2, 0], blend: 'softlight', opacity: 0.7 },
  { base: [0, 1, 0], from: [0.5, 0], to: [0.5, 1], glow: [2, 0], blend: 'screen', opacity: 0.6 },
  { base: [2, 1, 0], from: [0.5, 0], to: [0.5, 1], glow: [3, 0], blend: 'screen', opacity: 0.35 },
] as const;

/**
 * Generated sources → `[pic]`: two slowly rotating gradients of the preset's palette, blended,
 * graded, vignetted and given a faint grain. Drawn at quarter size and scaled up: a gradient loses
 * nothing, and the filters took 0.6 s per 6 s instead of 1.8 s at half size. The grain is fixed,
 * not temporal: it dithers the gradient against banding, while temporal grain doubled the bitrate.
 */
export function backdropPictureGraph(spec: PictureSpec): string {
  const { width, height, palette, random } = spec;
  const [lowWidth, lowHeight] = [Math.round(width / 4), Math.round(height / 4)];
  const colour = (index: number): string => ffmpegColour(palette[Math.min(index, palette.length - 1)] ?? '#101018');
  const look = LOOKS[(spec.shotIndex + spec.take) % LOOKS.length] ?? LOOKS[0];
  // Kept inside the frame: gradients replaces an out-of-range point (x = width) with a random one.
  const jitter = (value: number, size: number): number => Math.min(size - 1, Math.round(Math.min(1, Math.max(0, value + random.between(-0.15, 0.15))) * size));
  const duration = spec.seconds.toFixed(3);
  const common = `s=${lowWidth}x${lowHeight}:r=${OUTPUT_FPS}:d=${duration}`;
  const baseColours = look.base.map((index, position) => `c${position}=${colour(index)}`).join(':');
  const glowX = random.between(0.2, 0.8);
  const glowY = random.between(0.1, 0.5);
  return [
    `gradients=${common}:n=${look.base.length}:${baseColours}:` +
      `x0=${jitter(look.from[0], lowWidth)}:y0=${jitter(look.from[1], lowHeight)}:x1=${jitter(look.to[0], lowWidth)}:y1=${jitter(look.to[1], lowHeight)}:` +
      `speed=${fixed(random.between(0.004, 0.008))}:seed=${random.seed()},format=gbrp[base]`,
    `gradients=${common}:n=2:c0=${colour(look.glow[0])}:c1=${colour(look.glow[1])}:type=radial:` +
      `x0=${jitter(glowX, lowWidth)}:y0=${jitter(glowY, lowHeight)}:x1=${jitter(random.next(), lowWidth)}:y1=${jitter(glowY + 0.7, lowHeight)}:` +
      `speed=${fixed(random.between(0.006, 0.012))}:seed=${random.seed()},format=gbrp[glow]`,
    `[base][glow]blend=all_mode=${look.blend}:all_opacity=${look.opacity},${moodGrade(spec.mood)},format=yuv420p,vignette=PI/5,noise=alls=4:allf=u,` +
      `scale=${width}:${height}:flags=bicubic,setsar=1[pic]`,
  ].join(';\n');
}
