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
  /** The take (🔁 regenerate): shifts the cycle of moves, so a new take moves differently. */
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

const frameCount = (seconds: number): number => Math.max(1, Math.round(seconds * OUTPUT_FPS));
const fixed = (value: number): string => value.toFixed(4);

/** Ken Burns moves, cycled per shot so consecutive shots never repeat a direction. */
const MOTIONS = ['push-in', 'pan-right', 'pull-out', 'pan-left'] as const;

/**
 * zoompan expressions; `on` is the output frame number, linear so the move never visibly stops
 * mid-crossfade. The take shifts the cycle (same for every shot, so neighbours still differ) and
 * the shot's random picks how far it zooms and where it frames, so every take moves its own way.
 */
function kenBurns(spec: PictureSpec, frames: number): { zoom: string; x: string; y: string } {
  const progress = `(on/${Math.max(1, frames - 1)})`;
  const range = fixed(spec.random.between(0.08, 0.22));
  const zoomed = fixed(1 + Number(range));
  // Framing sits around or a little above centre, where faces are in portraits.
  const centreX = `(iw-iw/zoom)*${fixed(spec.random.between(0.3, 0.7))}`;
  const upperY = `(ih-ih/zoom)*${fixed(spec.random.between(0.25, 0.55))}`;
  switch (MOTIONS[(spec.shotIndex + spec.take) % MOTIONS.length]) {
    case 'push-in':
      return { zoom: `1+${range}*${progress}`, x: centreX, y: upperY };
    case 'pull-out':
      return { zoom: `${zoomed}-${range}*${progress}`, x: centreX, y: upperY };
    case 'pan-right':
      return { zoom: zoomed, x: `(iw-iw/zoom)*${progress}`, y: upperY };
    default:
      return { zoom: zoomed, x: `(iw-iw/zoom)*(1-${progress})`, y: upperY };
  }
}

/**
 * Input 0 (the avatar still) fitted onto a `scale`× canvas over a blurred, darkened fill of itself
 * (so any aspect works), graded and vignetted → `[canvas]`.
 */
function avatarCanvasGraph(spec: PictureSpec, scale: number): string {
  const [width, height] = [scale * spec.width, scale * spec.height];
  const [fillWidth, fillHeight] = [Math.round(spec.width / 4), Math.round(spec.height / 4)];
  return [
    `[0:v]scale=${width}:${height}:force_original_aspect_ratio=decrease,setsar=1,split=2[fg][fillsrc]`,
    `[fillsrc]scale=${fillWidth}:${fillHeight}:force_original_aspect_ratio=increase,crop=${fillWidth}:${fillHeight},` +
      `gblur=sigma=6,eq=brightness=-0.14:saturation=0.7,scale=${width}:${height}[fill]`,
    `[fill][fg]overlay=(W-w)/2:(H-h)/2,${MOOD_GRADES[spec.mood]},vignette=PI/5[canvas]`,
  ].join(';\n');
}

/**
 * Input 0 (the avatar still) → `[pic]`, animated only after the canvas is built: zoompan crops
 * whole source pixels, and on a 2x canvas the per-frame step is half as visible.
 */
export function avatarPictureGraph(spec: PictureSpec): string {
  const frames = frameCount(spec.seconds);
  const motion = kenBurns(spec, frames);
  return [avatarCanvasGraph(spec, 2), `[canvas]zoompan=z='${motion.zoom}':x='${motion.x}':y='${motion.y}':d=${frames}:s=${spec.width}x${spec.height}:fps=${OUTPUT_FPS},setsar=1[pic]`].join(';\n');
}

/** Input 0 (the avatar still) → `[pic]`: the canvas a shot starts from, unmoved, for a single still. */
export function avatarStillGraph(spec: PictureSpec): string {
  return [avatarCanvasGraph(spec, 1), '[canvas]setsar=1[pic]'].join(';\n');
}

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
    `[base][glow]blend=all_mode=${look.blend}:all_opacity=${look.opacity},${MOOD_GRADES[spec.mood]},format=yuv420p,vignette=PI/5,noise=alls=4:allf=u,` +
      `scale=${width}:${height}:flags=bicubic,setsar=1[pic]`,
  ].join(';\n');
}
