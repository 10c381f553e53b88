import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CreativePlan } from '../../domain/creative-plan.ts';
import type { FfmpegInput } from '../../media/ffmpeg-run.ts';
import { OUTPUT_FPS } from '../../media/encode-args.ts';
import { findSubjectAndSetting, type ArtworkEntry } from '../../prompts/artwork-words.ts';

/** One picture the shot composes: which word it stands for and its PNG. */
export interface ArtworkImage {
  id: string;
  path: string;
}

/** What a shot shows: the subject large and moving, the setting behind and below; null when not named. */
export interface ShotArtwork {
  subject: ArtworkImage | null;
  setting: ArtworkImage | null;
}

/** How the subject moves, read from the shot's camera words. */
export type ArtworkMove = 'push-in' | 'tilt' | 'handheld' | 'drift';

// emoji-datasource-google: Noto Emoji as 64 px PNGs that ffmpeg overlays directly (no SVG rasteriser).
const EMOJI_DIR = join(dirname(createRequire(import.meta.url).resolve('emoji-datasource-google/package.json')), 'img', 'google', '64');

/** The package names files by code point ("1f40c.png"), some with the FE0F selector kept, some without. */
function emojiImage(entry: ArtworkEntry): ArtworkImage | null {
  const codes = [...entry.emoji].map((char) => char.codePointAt(0)?.toString(16) ?? '');
  for (const name of [codes.join('-'), codes.filter((code) => code !== 'fe0f').join('-')]) {
    const path = join(EMOJI_DIR, `${name}.png`);
    if (existsSync(path)) return { id: entry.id, path };
  }
  return null;
}

/** The plan's words that say what is on screen: its title, the shots' actions and the script. */
export function shotArtwork(plan: CreativePlan): ShotArtwork {
  const text = [plan.title, ...plan.shots.map((shot) => shot.action), plan.script].join('\n');
  const { subject, setting } = findSubjectAndSetting(text);
  return { subject: subject ? emojiImage(subject) : null, setting: setting ? emojiImage(setting) : null };
}

export function artworkMove(camera: string): ArtworkMove {
  if (/push|dolly[- ]in|zoom[- ]in|closer|推|拉近/i.test(camera)) return 'push-in';
  if (/tilt|crane|rise|rising|俯|仰/i.test(camera)) return 'tilt';
  if (/hand-?held|shak|documentary|手持/i.test(camera)) return 'handheld';
  return 'drift';
}

/** Where the subject sits when the shot starts, in pixels: centred a little below the middle, 44 % of the width. */
export function subjectBox(width: number, height: number): { x: number; y: number; size: number } {
  const size = Math.round((Math.min(width, height) * 0.44) / 2) * 2;
  return { x: Math.round((width - size) / 2), y: Math.round(height * 0.56 - size / 2), size };
}

export interface ArtworkGraphSpec {
  width: number;
  height: number;
  seconds: number;
  move: ArtworkMove;
  /** Index of the first artwork input (after the avatar, when there is one). */
  firstInput: number;
  /** The label of the picture to draw on, without brackets. */
  from: string;
  /** Avatar shots keep the face in front: the artwork is drawn smaller, in the lower corner. */
  withAvatar: boolean;
}

/** The PNG inputs, one frame each: the graph scales and blurs that frame once, then repeats it. */
export function artworkInputs(artwork: ShotArtwork): FfmpegInput[] {
  return [artwork.setting, artwork.subject].filter((image): image is ArtworkImage => image !== null).map((image) => ({ path: image.path }));
}

/** Repeats a single prepared frame for the whole shot (the overlay ends with the picture under it). */
const REPEAT = `loop=loop=-1:size=1,setpts=N/${OUTPUT_FPS}/TB`;
/**
 * overlay blends in yuva420p and would convert an RGBA frame every frame; converted once before
 * the loop, the 5 s shot's filters cost a quarter less.
 */
const OVERLAY_FORMAT = 'format=yuva420p';

const fixed = (value: number): string => value.toFixed(3);

/**
 * The picture (`spec.from`) plus the artwork → `[scene]`. The setting is drawn large, soft (a shallow focus) and low,
 * rising slowly into frame; the subject bobs and moves with the camera: pushes in, tilts, shakes
 * by hand or drifts across. Each image is prepared once and repeated (the push-in rescales the
 * 64 px source per frame, which costs little), composed in the same ffmpeg pass as the shot.
 */
export function artworkGraph(artwork: ShotArtwork, spec: ArtworkGraphSpec): string | null {
  if (!artwork.subject && !artwork.setting) return null;
  const { width, height, seconds } = spec;
  const parts: string[] = [];
  let input = spec.firstInput;
  let label = spec.from;
  const progress = `(t/${fixed(seconds)})`;

  if (artwork.setting) {
    const size = Math.round((width * (spec.withAvatar ? 0.5 : 1.1)) / 2) * 2;
    parts.push(`[${input}:v]scale=${size}:${size}:flags=bicubic,format=rgba,gblur=sigma=${Math.max(1, Math.round(size / 160))},colorchannelmixer=aa=0.85,${OVERLAY_FORMAT},${REPEAT}[setting]`);
    const x = spec.withAvatar ? `${width - size - Math.round(width * 0.04)}` : `${Math.round((width - size) / 2)}-${fixed(width * 0.03)}*${progress}`;
    const y = `${Math.round(height - size * (spec.withAvatar ? 1.05 : 0.8))}-${fixed(height * 0.02)}*${progress}`;
    parts.push(`[${label}][setting]overlay=x='${x}':y='${y}':eval=frame[withsetting]`);
    label = 'withsetting';
    input += 1;
  }

  if (artwork.subject) {
    const box = subjectBox(width, height);
    const size = spec.withAvatar ? Math.round(box.size * 0.55) : box.size;
    const baseX = spec.withAvatar ? Math.round(width * 0.06) : box.x;
    const baseY = spec.withAvatar ? Math.round(height * 0.72) : box.y;
    const bob = `${fixed(height * 0.008)}*sin(2*PI*t/2.4)`;
    const moves: Record<ArtworkMove, { scale: string; x: string; y: string }> = {
      'push-in': { scale: `${size}*(1+0.2*${progress})`, x: `${baseX}-(w-${size})/2`, y: `${baseY}-(h-${size})/2+${bob}` },
      tilt: { scale: String(size), x: String(baseX), y: `${baseY}-${fixed(height * 0.08)}*${progress}+${bob}` },
      handheld: { scale: String(size), x: `${baseX}+${fixed(width * 0.01)}*sin(t*2.3)+${fixed(width * 0.005)}*sin(t*5.1)`, y: `${baseY}+${fixed(height * 0.006)}*sin(t*1.7+1)+${bob}` },
      drift: { scale: String(size), x: `${baseX}+${fixed(width * 0.12)}*(${progress}-0)`, y: `${baseY}+${bob}` },
    };
    const move = moves[spec.move];
    // Only the push-in rescales every frame; the other moves scale the one frame before repeating it.
    const scale = spec.move === 'push-in' ? `${REPEAT},scale=w='${move.scale}':h=-1:eval=frame:flags=bicubic,${OVERLAY_FORMAT}` : `scale=${size}:${size}:flags=bicubic,${OVERLAY_FORMAT},${REPEAT}`;
    parts.push(`[${input}:v]format=rgba,${scale}[subject]`);
    parts.push(`[${label}][subject]overlay=x='${move.x}':y='${move.y}':eval=frame[withsubject]`);
    label = 'withsubject';
  }
  parts.push(`[${label}]null[scene]`);
  return parts.join(';\n');
}
