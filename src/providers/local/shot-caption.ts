import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertFilterSafePath } from '../../media/filter-path.ts';
import { wrapText } from '../../media/text-wrap.ts';

export interface CaptionSpec {
  workDir: string;
  /** Names the text files, so shots rendered into one work dir don't overwrite each other's. */
  filePrefix: string;
  width: number;
  height: number;
  seconds: number;
  /** The plan title, shown large on the first shot only; null elsewhere. */
  title: string | null;
  /** The shot's onScreenText; '' for none. */
  caption: string;
  /** A CJK-capable font file (drawtext takes a file, not a family name). */
  fontFile: string;
  /** Title colour, '#rrggbb' (the palette's lightest). */
  titleColour: string;
  /** A single still (the storyboard preview): every line shown in full, no fades. */
  still?: boolean;
}

interface TextBlock {
  kind: 'title' | 'caption';
  text: string;
  fontSize: number;
  colour: string;
  /** Seconds into the shot at which the fade-in starts. */
  appearSeconds: number;
}

const FADE_IN_SECONDS = 0.8;
const FADE_OUT_SECONDS = 0.5;

/** Every C0 control character but the newline, and DEL. */
// eslint-disable-next-line no-control-regex -- the rule catches control characters typed by mistake; here they are the target.
const CONTROL_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

/** Control characters would render as boxes; everything else drawtext takes literally (expansion=none). */
const cleanText = (text: string): string => text.replace(CONTROL_CHARACTERS, ' ').trim();

/**
 * Writes one text file per wrapped line and returns the drawtext chain (',' separated, '' when
 * there is no text). One drawtext per line centres every line; ffmpeg 5.1's drawtext can only
 * left-align a multi-line block. Text sits in the top third: `assemble` puts subtitles at the
 * bottom. User text only ever reaches ffmpeg through `textfile=` with `expansion=none`.
 */
export async function writeCaptionFilters(spec: CaptionSpec): Promise<string> {
  const shortSide = Math.min(spec.width, spec.height);
  const blocks: TextBlock[] = [];
  const title = cleanText(spec.title ?? '');
  const caption = cleanText(spec.caption);
  if (title !== '') blocks.push({ kind: 'title', text: title, fontSize: Math.round(shortSide * 0.085), colour: spec.titleColour, appearSeconds: 0.3 });
  if (caption !== '') {
    blocks.push({ kind: 'caption', text: caption, fontSize: Math.round(shortSide * 0.06), colour: '#ffffff', appearSeconds: title === '' ? 0.4 : 1.0 });
  }

  const filters: string[] = [];
  let top = Math.round(spec.height * (spec.height > spec.width ? 0.14 : 0.1));
  for (const block of blocks) {
    const lines = wrapText(block.text, (spec.width * 0.84) / block.fontSize);
    const lineHeight = Math.round(block.fontSize * 1.3);
    const fadeOutEnd = Math.max(block.appearSeconds + FADE_IN_SECONDS, spec.seconds - 0.1);
    // Quoted: the expression's commas would otherwise end the filter.
    const alpha = spec.still ? null : `'min(1,max(0,(t-${block.appearSeconds})/${FADE_IN_SECONDS}))` + `*min(1,max(0,(${fadeOutEnd.toFixed(3)}-t)/${FADE_OUT_SECONDS}))'`;
    for (const [index, line] of lines.entries()) {
      const textFile = assertFilterSafePath(join(spec.workDir, `${spec.filePrefix}-${block.kind}-${index}.txt`));
      await writeFile(textFile, line, 'utf8');
      filters.push(
        `drawtext=fontfile=${assertFilterSafePath(spec.fontFile)}:textfile=${textFile}:expansion=none:` +
          `fontsize=${block.fontSize}:fontcolor=0x${block.colour.replace('#', '')}:` +
          `borderw=${Math.max(2, Math.round(block.fontSize / 16))}:bordercolor=black@0.55:` +
          `shadowx=0:shadowy=${Math.max(1, Math.round(block.fontSize / 14))}:shadowcolor=black@0.45:` +
          `x=(w-text_w)/2:y=${top + index * lineHeight}${alpha === null ? '' : `:alpha=${alpha}`}`,
      );
    }
    top += lines.length * lineHeight + Math.round(block.fontSize * 0.5);
  }
  return filters.join(',');
}
