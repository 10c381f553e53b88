import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assScript } from '../../media/ass-script.ts';
import { assertFilterSafePath } from '../../media/filter-path.ts';
import { neutralizeAssText } from '../../media/subtitle-file.ts';
import { revealBeats, wrapText } from '../../media/text-wrap.ts';

export interface CaptionSpec {
  workDir: string;
  /** Names the ASS file, so shots rendered into one work dir don't overwrite each other's. */
  filePrefix: string;
  width: number;
  height: number;
  seconds: number;
  /** The plan title, shown large on the first shot only; null elsewhere. */
  title: string | null;
  /** The shot's onScreenText; '' for none. */
  caption: string;
  /** Directory libass loads the font from, and the family it uses (CJK-capable, bold face present). */
  fontsDir: string;
  fontName: string;
  /** Title colour, '#rrggbb' (the palette's lightest). */
  titleColour: string;
  /** A single still (the storyboard preview): every line shown in full, no fades. */
  still?: boolean;
}

const FADE_IN_MS = 800;
const FADE_OUT_MS = 500;
/** One piece of the caption (a word, two CJK characters) comes up over this. */
const BEAT_FADE_MS = 300;
/** The caption is fully revealed by this share of the shot, so it can be read before the cut. */
const REVEAL_SHARE = 0.6;
/** …and no faster than this per piece: quicker reads as a flicker, not as words arriving. */
const MAX_BEAT_MS = 450;

/**
 * ASS sizes a font by its line height (ascent + descent), not its em: for Noto Sans CJK that is
 * 1.45 em. Sizes here are in em (as wrapping measures them), so the styles scale them up.
 */
const ASS_SIZE_PER_EM = 1.45;

/** ASS time: H:MM:SS.cc. */
const assTime = (seconds: number): string => {
  const centis = Math.max(0, Math.round(seconds * 100));
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${Math.floor(centis / 360_000)}:${pad(Math.floor(centis / 6000) % 60)}:${pad(Math.floor(centis / 100) % 60)}.${pad(centis % 100)}`;
};
/** '#rrggbb' → ASS &HAABBGGRR with the given opacity (0–1). */
const assColour = (hex: string, opacity = 1): string => {
  const alpha = Math.round((1 - opacity) * 255);
  const [r, g, b] = [hex.slice(1, 3), hex.slice(3, 5), hex.slice(5, 7)];
  return `&H${alpha.toString(16).padStart(2, '0')}${b}${g}${r}`.toUpperCase();
};

/** Every C0 control character but the newline, and DEL. */
// eslint-disable-next-line no-control-regex -- the rule catches control characters typed by mistake; here they are the target.
const CONTROL_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f]/g;
const cleanText = (text: string): string => neutralizeAssText(text.replace(CONTROL_CHARACTERS, ' ')).trim();

interface TextBlock {
  style: 'Title' | 'Caption';
  lines: string[];
  fontSize: number;
  /** Seconds into the shot at which it starts to appear. */
  appearSeconds: number;
  /** The title fades in whole; the caption comes up piece by piece. */
  kinetic: boolean;
}

/**
 * The caption's lines with each piece hidden until its moment: `\alpha&HFF&` then a `\t` to
 * opaque. Only alpha animates, so the line is laid out once and nothing shifts as words arrive.
 */
function kineticLines(lines: readonly string[], appearSeconds: number, seconds: number): string[] {
  const beats = lines.map((line) => revealBeats(line));
  const count = beats.reduce((sum, line) => sum + line.length, 0);
  const spanMs = Math.max(0, (seconds * REVEAL_SHARE - appearSeconds) * 1000);
  const stepMs = count > 1 ? Math.min(MAX_BEAT_MS, spanMs / (count - 1)) : 0;
  let index = 0;
  return beats.map((line) =>
    line
      .map((beat) => {
        const startMs = Math.round(appearSeconds * 1000 + stepMs * index);
        index += 1;
        return `{\\alpha&HFF&\\t(${startMs},${startMs + BEAT_FADE_MS},\\alpha&H00&)}${beat}`;
      })
      .join(''),
  );
}

/**
 * Writes the shot's title and caption as an ASS file and returns the `subtitles` filter that burns
 * them in ('' when there is no text). Kinetic: the caption's words (CJK: character pairs) come up
 * one after another across the first part of the shot, the title fades in whole, and both fade
 * out at the end. Text sits in the top third, one event per line at a fixed position (`assemble`
 * puts the spoken lines at the bottom). libass lays out and shapes the text; user text reaches it
 * only as neutralised dialogue text, never as tags.
 */
export async function writeCaptionFilters(spec: CaptionSpec): Promise<string> {
  const shortSide = Math.min(spec.width, spec.height);
  const maxLineEm = (fontSize: number): number => (spec.width * 0.84) / fontSize;
  const blocks: TextBlock[] = [];
  const title = cleanText(spec.title ?? '');
  const caption = cleanText(spec.caption);
  if (title !== '') {
    const fontSize = Math.round(shortSide * 0.085);
    blocks.push({ style: 'Title', lines: wrapText(title, maxLineEm(fontSize)), fontSize, appearSeconds: 0.3, kinetic: false });
  }
  if (caption !== '') {
    const fontSize = Math.round(shortSide * 0.06);
    blocks.push({ style: 'Caption', lines: wrapText(caption, maxLineEm(fontSize)), fontSize, appearSeconds: title === '' ? 0.4 : 1.0, kinetic: !spec.still });
  }
  if (blocks.length === 0) return '';

  const events: string[] = [];
  let top = Math.round(spec.height * (spec.height > spec.width ? 0.14 : 0.1));
  for (const block of blocks) {
    const lineHeight = Math.round(block.fontSize * 1.3);
    const start = spec.still ? 0 : block.kinetic ? 0 : block.appearSeconds;
    const fade = spec.still ? '' : block.kinetic ? `\\fad(0,${FADE_OUT_MS})` : `\\fad(${FADE_IN_MS},${FADE_OUT_MS})`;
    const texts = block.kinetic ? kineticLines(block.lines, block.appearSeconds, spec.seconds) : block.lines;
    texts.forEach((text, index) => {
      const position = `{\\an8\\pos(${Math.round(spec.width / 2)},${top + index * lineHeight})${fade}}`;
      events.push(`Dialogue: 0,${assTime(start)},${assTime(Math.max(spec.seconds, start + 0.05))},${block.style},,0,0,0,,${position}${text}`);
    });
    top += block.lines.length * lineHeight + Math.round(block.fontSize * 0.5);
  }

  const styleLine = (name: string, fontSize: number, colour: string): string =>
    `Style: ${name},${spec.fontName.replace(/[,\r\n]/g, ' ')},${Math.round(fontSize * ASS_SIZE_PER_EM)},${assColour(colour)},&H000000FF,${assColour('#000000', 0.55)},${assColour('#000000', 0.45)},` +
    `-1,0,0,0,100,100,0,0,1,${Math.max(2, Math.round(fontSize / 16))},${Math.max(1, Math.round(fontSize / 14))},8,0,0,0,1`;
  const captionBlock = blocks.find((block) => block.style === 'Caption');
  const titleBlock = blocks.find((block) => block.style === 'Title');
  // Lines are broken here (CJK-aware); libass must not re-wrap them.
  const script = assScript(
    { width: spec.width, height: spec.height, wrapStyle: 2 },
    [styleLine('Title', titleBlock?.fontSize ?? 1, spec.titleColour), styleLine('Caption', captionBlock?.fontSize ?? 1, '#ffffff')],
    events,
  );
  const path = assertFilterSafePath(join(spec.workDir, `${spec.filePrefix}-text.ass`));
  await writeFile(path, script, 'utf8');
  return `subtitles=filename=${path}:fontsdir=${assertFilterSafePath(spec.fontsDir)}`;
}
