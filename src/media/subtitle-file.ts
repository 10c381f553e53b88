import { writeFile } from 'node:fs/promises';
import type { SubtitleCue } from '../ports/media.ts';
import { assScript } from './ass-script.ts';
import { wrapText } from './text-wrap.ts';

export interface SubtitleLayout {
  /** Output frame size in pixels; also the ASS PlayRes, so sizes below are real pixels. */
  width: number;
  height: number;
  /** Family name libass looks up in the fontsdir (e.g. `Noto Sans CJK SC`). */
  fontName: string;
}

/** Sizes as fractions of the frame: 54 px text, 40 px side and 160 px bottom margins at 720x1280. */
export function subtitleMetrics(layout: Pick<SubtitleLayout, 'width' | 'height'>) {
  const fontSize = Math.round(Math.min(layout.width, layout.height) * 0.075);
  const marginSide = Math.round(layout.width * 0.055);
  return {
    fontSize,
    outline: Math.max(2, Math.round(fontSize / 13)),
    marginSide,
    marginBottom: Math.round(layout.height * 0.125),
    // 5% slack for the em estimate; libass still wraps at spaces if a line overflows.
    maxLineEm: ((layout.width - 2 * marginSide) / fontSize) * 0.95,
  };
}

/** Every C0 control character but the newline, and DEL. */
// eslint-disable-next-line no-control-regex -- the rule catches control characters typed by mistake; here they are the target.
const CONTROL_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

/**
 * User text must stay text: `{…}` opens an override block and `\` starts a tag or `\N`, so they
 * become their full-width look-alikes. Control characters (tabs, stray CRs) would shift timing fields.
 */
export function neutralizeAssText(text: string): string {
  return text.replace(/\\/g, '＼').replace(/\{/g, '｛').replace(/\}/g, '｝').replace(CONTROL_CHARACTERS, ' ');
}

/** ASS time: H:MM:SS.cc (centiseconds). */
function assTime(seconds: number): string {
  const centis = Math.max(0, Math.round(seconds * 100));
  const hours = Math.floor(centis / 360_000);
  const minutes = Math.floor(centis / 6000) % 60;
  const secs = Math.floor(centis / 100) % 60;
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${hours}:${pad(minutes)}:${pad(secs)}.${pad(centis % 100)}`;
}

/** A complete ASS script: bold white text, black outline, bottom-centre, wrapped here (CJK-aware). */
export function buildAssScript(cues: readonly SubtitleCue[], layout: SubtitleLayout): string {
  const metrics = subtitleMetrics(layout);
  const fontName = layout.fontName.replace(/[,\r\n]/g, ' ');
  const events = cues
    .filter((cue) => cue.text.trim() !== '' && cue.endSeconds > cue.startSeconds)
    .map((cue) => {
      const lines = wrapText(neutralizeAssText(cue.text), metrics.maxLineEm);
      return `Dialogue: 0,${assTime(cue.startSeconds)},${assTime(cue.endSeconds)},Default,,0,0,0,,${lines.join('\\N')}`;
    });
  return assScript(
    { width: layout.width, height: layout.height, wrapStyle: 0 },
    [
      `Style: Default,${fontName},${metrics.fontSize},&H00FFFFFF,&H000000FF,&H00000000,&H80000000,-1,0,0,0,100,100,0,0,1,${metrics.outline},1,2,${metrics.marginSide},${metrics.marginSide},${metrics.marginBottom},1`,
    ],
    events,
  );
}

export async function writeSubtitleFile(path: string, cues: readonly SubtitleCue[], layout: SubtitleLayout): Promise<void> {
  await writeFile(path, buildAssScript(cues, layout), 'utf8');
}
