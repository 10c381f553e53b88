/**
 * Line wrapping for burned-in text. Neither libass nor drawtext can break Chinese (it has no
 * spaces), so lines are measured and broken here, in em: CJK and emoji take a full em, other
 * scripts about half.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Extended_Pictographic}\u3000-\u303f\uff00-\uff60\uffe0-\uffe6]/u;
/** Average advance of Latin, Cyrillic, Arabic… in a bold sans, relative to the em. */
const NARROW_EM = 0.58;
/** Never start a line with these (closing marks and punctuation, CJK and Western). */
const NO_BREAK_BEFORE = /^[，。！？、；：」』】》〉）”’,.!?;:)\]}…~～%]$/u;
/** Never end a line with these (opening brackets and quotes). */
const NO_BREAK_AFTER = /^[「『【《〈（“‘([{]$/u;

export function splitGraphemes(text: string): string[] {
  return Array.from(graphemes.segment(text), (part) => part.segment);
}

export function isWideGrapheme(grapheme: string): boolean {
  return WIDE.test(grapheme);
}

export function textWidthEm(text: string): number {
  return splitGraphemes(text).reduce((width, grapheme) => width + (isWideGrapheme(grapheme) ? 1 : NARROW_EM), 0);
}

/** Unbreakable pieces: a space, a run of narrow characters (a word), or one wide character, with punctuation glued on. */
function tokenize(paragraph: string): string[] {
  const tokens: string[] = [];
  let word = '';
  let afterOpening = false;
  const flushWord = (): void => {
    if (word !== '') tokens.push(word);
    word = '';
  };
  for (const grapheme of splitGraphemes(paragraph)) {
    if (grapheme === ' ') {
      flushWord();
      tokens.push(' ');
    } else {
      const glued = afterOpening || NO_BREAK_BEFORE.test(grapheme);
      const last = tokens.at(-1);
      if (glued && word === '' && last !== undefined && last !== ' ') word = tokens.pop() ?? '';
      if (isWideGrapheme(grapheme)) {
        if (!glued) flushWord();
        word += grapheme;
        flushWord();
      } else {
        word += grapheme;
      }
    }
    afterOpening = NO_BREAK_AFTER.test(grapheme);
  }
  flushWord();
  return tokens;
}

/** Cuts a token wider than a whole line at grapheme boundaries. */
function hardSplit(token: string, maxLineEm: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const grapheme of splitGraphemes(token)) {
    if (piece !== '' && textWidthEm(piece + grapheme) > maxLineEm) {
      pieces.push(piece);
      piece = '';
    }
    piece += grapheme;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/**
 * Greedy wrap to lines of at most `maxLineEm` em. Existing newlines are kept, runs of whitespace
 * collapse to one space, and empty lines are dropped.
 */
export function wrapText(text: string, maxLineEm: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const token of tokenize(paragraph.replace(/\s+/g, ' ').trim())) {
      if (token === ' ') {
        if (line !== '') line += ' ';
        continue;
      }
      for (const piece of textWidthEm(token) > maxLineEm ? hardSplit(token, maxLineEm) : [token]) {
        if (line.trim() !== '' && textWidthEm(line + piece) > maxLineEm) {
          lines.push(line.trimEnd());
          line = '';
        }
        line += piece;
      }
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
  }
  return lines;
}

/**
 * A line cut into the pieces kinetic text reveals one at a time: each word with its following
 * space, and wide characters (Chinese, Japanese, Korean) in pairs, punctuation kept on its piece.
 * Joined again they give the line back unchanged, so the revealed line lays out like the whole one.
 */
export function revealBeats(line: string): string[] {
  const beats: string[] = [];
  let widePairOpen = false;
  for (const token of tokenize(line)) {
    const last = beats.length - 1;
    if (token === ' ') {
      if (last >= 0) beats[last] += ' ';
      else beats.push(' ');
      widePairOpen = false;
      continue;
    }
    const wide = isWideGrapheme(splitGraphemes(token)[0] ?? '');
    if (wide && widePairOpen && last >= 0) {
      beats[last] += token;
      widePairOpen = false;
    } else {
      beats.push(token);
      widePairOpen = wide;
    }
  }
  return beats;
}
