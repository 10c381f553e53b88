import type { Mood } from '../../domain/creative-plan.ts';
import { OUTPUT_FPS } from '../../media/encode-args.ts';
import type { ArtworkMove } from './shot-artwork.ts';
import { moodGrade } from './shot-picture.ts';

export interface AvatarFrameSpec {
  width: number;
  height: number;
  seconds: number;
  mood: Mood;
  /** The shot's camera move, read from its camera words like the artwork's. */
  move: ArtworkMove;
  /** The ring's colour, '#rrggbb' (the palette's lightest, like the title). */
  ringColour: string;
  /** The label of the picture to draw on and the label to leave, without brackets. */
  from: string;
  to: string;
}

/** Where the framed avatar sits when the shot starts, in pixels: centred, in the middle band between title and subtitles. */
export function avatarFrameBox(width: number, height: number): { centreX: number; centreY: number; diameter: number } {
  const diameter = Math.round(Math.min(width * 0.56, height * 0.45) / 2) * 2;
  return { centreX: Math.round(width / 2), centreY: Math.round(height * 0.53), diameter };
}

const fixed = (value: number): string => value.toFixed(3);

/** Alpha of a disc of `radius` centred at (cx, cy), anti-aliased over one pixel: a geq expression. */
const disc = (radius: number, cx: number, cy: number): string => `255*clip(${fixed(radius)}-hypot(X-${fixed(cx)},Y-${fixed(cy)})+0.5,0,1)`;

/**
 * Input 0 (the avatar still) as a round portrait in a ring of the style's light colour with a soft
 * drop shadow, over `spec.from` → `[spec.to]`, moving with the shot's camera: pushing in (grows
 * 15 %), tilting (the portrait rises through the frame), handheld (a small uneven shake) or
 * drifting sideways. The card is built once from one frame (geq masks are cheap on a single
 * frame), converted to overlay's yuva420p and repeated; only the push-in rescales per frame.
 */
export function avatarFrameGraph(spec: AvatarFrameSpec): string {
  const { width, height, seconds } = spec;
  const { centreX, centreY, diameter } = avatarFrameBox(width, height);
  const border = Math.max(2, Math.round(diameter * 0.03));
  const outer = diameter + 2 * border;
  const margin = Math.max(4, Math.round(diameter * 0.08));
  const card = outer + 2 * margin;
  const one = `r=${OUTPUT_FPS}:d=${fixed(1 / OUTPUT_FPS)}`;
  const progress = `(t/${fixed(seconds)})`;
  const base = { x: `${centreX}-w/2`, y: `${centreY}-h/2` };
  const moves: Record<ArtworkMove, { x: string; y: string }> = {
    'push-in': base,
    tilt: { x: base.x, y: `${base.y}+${fixed(height * 0.06)}*(0.5-${progress})` },
    handheld: { x: `${base.x}+${fixed(width * 0.012)}*sin(t*2.3)+${fixed(width * 0.006)}*sin(t*5.7)`, y: `${base.y}+${fixed(height * 0.007)}*sin(t*1.9+1)+${fixed(height * 0.003)}*sin(t*6.1)` },
    drift: { x: `${base.x}+${fixed(width * 0.08)}*(${progress}-0.5)`, y: base.y },
  };
  const move = moves[spec.move];
  const repeat = `loop=loop=-1:size=1,setpts=N/${OUTPUT_FPS}/TB`;
  const motion = spec.move === 'push-in' ? `${repeat},scale=w='${card}*(1+0.15*${progress})':h=-1:eval=frame:flags=bicubic,format=yuva420p` : repeat;
  return [
    `[0:v]scale=${diameter}:${diameter}:force_original_aspect_ratio=increase,crop=${diameter}:${diameter},setsar=1,${moodGrade(spec.mood)},format=rgba,` +
      // The picture's own transparency is kept (a transparent PNG shows the ring through it, not black).
      `geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='alpha(X,Y)/255*${disc(diameter / 2, diameter / 2 - 0.5, diameter / 2 - 0.5)}'[face]`,
    `color=c=0x${spec.ringColour.replace('#', '')}:s=${outer}x${outer}:${one},format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='${disc(outer / 2, outer / 2 - 0.5, outer / 2 - 0.5)}'[ring]`,
    `color=c=black:s=${card}x${card}:${one},format=rgba,geq=r='0':g='0':b='0':a='0.55*${disc(outer / 2, card / 2 - 0.5, card / 2 + margin * 0.35)}',gblur=sigma=${fixed(margin / 3)}[shadow]`,
    `[ring][face]overlay=${border}:${border}:format=rgb[ringed]`,
    `[shadow][ringed]overlay=${margin}:${margin}:format=rgb,format=yuva420p,${motion}[card]`,
    `[${spec.from}][card]overlay=x='${move.x}':y='${move.y}':eval=frame[${spec.to}]`,
  ].join(';\n');
}
