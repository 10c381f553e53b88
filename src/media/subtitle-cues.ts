import type { SubtitleCue } from '../ports/media.ts';
import { shotTimeline } from './shot-timeline.ts';
import { splitGraphemes, textWidthEm, wrapText } from './text-wrap.ts';

/** About two subtitle lines on a 9:16 frame (11–12 em each), the most a viewer reads in one glance. */
const MAX_CUE_EM = 20;

/** Closing quotes and brackets stay with the sentence they close. */
const CLOSER = /^[」』”’"')）】》]$/u;
/** Marks that may trail an ending mark ("?!", "。。", "..."), so the cut waits for the last one. */
const TRAILING_MARK = /^[.!?。！？…,，、;；:：]$/u;

type EndTest = (grapheme: string, next: string | undefined) => boolean;

/** Western marks end a piece only before a space or a closer, so "3.14", "1,000" and "a:b" survive. */
const beforeBreak = (next: string | undefined): boolean => next === undefined || /\s/.test(next) || CLOSER.test(next);
const endsSentence: EndTest = (grapheme, next) => /^[。！？…]$/u.test(grapheme) || (/^[.!?]$/.test(grapheme) && beforeBreak(next));
/** Clause marks: split here only when a sentence is too long for one cue. */
const endsClause: EndTest = (grapheme, next) => /^[，、；：]$/u.test(grapheme) || (/^[,;:]$/.test(grapheme) && beforeBreak(next));

/** Cuts after every ending mark, keeping marks and closing quotes with the piece before. */
function splitAfterMarks(text: string, endsPiece: EndTest): string[] {
  const parts = splitGraphemes(text);
  const pieces: string[] = [];
  let piece = '';
  let pending = false;
  parts.forEach((grapheme, index) => {
    const next = parts[index + 1];
    piece += grapheme;
    pending = endsPiece(grapheme, next) || (pending && (CLOSER.test(grapheme) || TRAILING_MARK.test(grapheme)));
    if (pending && !(next !== undefined && (CLOSER.test(next) || TRAILING_MARK.test(next)))) {
      pieces.push(piece);
      piece = '';
      pending = false;
    }
  });
  pieces.push(piece);
  return pieces.map((part) => part.trim()).filter((part) => part !== '');
}

/** Packs consecutive pieces into chunks of at most `maxEm`, splitting any piece that alone is wider. */
function packPieces(pieces: readonly string[], maxEm: number): string[] {
  const chunks: string[] = [];
  let chunk = '';
  const join = (left: string, right: string): string => (left === '' ? right : needsSpace(left, right) ? `${left} ${right}` : left + right);
  for (const piece of pieces.flatMap((part) => (textWidthEm(part) > maxEm ? wrapText(part, maxEm) : [part]))) {
    if (chunk !== '' && textWidthEm(join(chunk, piece)) > maxEm) {
      chunks.push(chunk);
      chunk = '';
    }
    chunk = join(chunk, piece);
  }
  if (chunk !== '') chunks.push(chunk);
  return chunks;
}

/** Latin words need the space the split removed; CJK never had one. */
function needsSpace(left: string, right: string): boolean {
  return /[\p{L}\p{N}\p{P}]$/u.test(left) && /^[\p{L}\p{N}]/u.test(right) && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}，。！？、；：]$/u.test(left);
}

/**
 * Splits the user's script into readable cues timed over the whole clip: one cue per sentence
 * (newlines, . ! ? 。！？…), long sentences cut at clause marks (, ; ，、；) and then by width,
 * each cue's time proportional to its width. '' → [].
 */
export function subtitleCuesForScript(script: string, totalSeconds: number): SubtitleCue[] {
  const sentences = script.split(/\r\n|\r|\n/).flatMap((line) => splitAfterMarks(line, endsSentence));
  const texts = sentences.flatMap((sentence) => (textWidthEm(sentence) <= MAX_CUE_EM ? [sentence] : packPieces(splitAfterMarks(sentence, endsClause), MAX_CUE_EM)));
  if (texts.length === 0 || totalSeconds <= 0) return [];

  const weights = texts.map((text) => Math.max(1, textWidthEm(text)));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  let elapsed = 0;
  return texts.map((text, index) => {
    const startSeconds = (elapsed / totalWeight) * totalSeconds;
    elapsed += weights[index] ?? 0;
    const endSeconds = index === texts.length - 1 ? totalSeconds : (elapsed / totalWeight) * totalSeconds;
    return { startSeconds, endSeconds, text };
  });
}

export interface ShotTiming {
  /** Seconds each shot was planned to show (the plan's shot seconds, no crossfade overlap). */
  plannedSeconds: readonly number[];
  /** Each downloaded shot's real length, probed: providers snap lengths (Omni whole 3–10 s, Veo 4/6/8). */
  durations: readonly number[];
  /** The crossfade asked of the assembler (clamped there, and here, the same way). */
  fadeSeconds: number;
}

/**
 * The script's cues timed to the real clips: laid out over the planned shots as by
 * subtitleCuesForScript, then each moment inside planned shot k is moved to the same fraction of
 * shot k's real stretch in the assembled clip (from its start, after the crossfade into it, to the
 * next shot's start). A cue that starts where a shot starts in the plan starts where that shot
 * really starts on screen, whatever lengths the provider delivered. Mismatched lists → cues over
 * the real total.
 */
export function subtitleCuesForShots(script: string, timing: ShotTiming): SubtitleCue[] {
  const { plannedSeconds, durations } = timing;
  const real = shotTimeline(durations, timing.fadeSeconds);
  if (plannedSeconds.length !== durations.length || plannedSeconds.some((seconds) => seconds <= 0)) return subtitleCuesForScript(script, real.totalSeconds);
  const plannedStarts = plannedSeconds.map((_, index) => plannedSeconds.slice(0, index).reduce((sum, seconds) => sum + seconds, 0));
  const plannedTotal = plannedSeconds.reduce((sum, seconds) => sum + seconds, 0);
  const toReal = (moment: number): number => {
    let shot = plannedStarts.findLastIndex((start) => start <= moment);
    if (shot < 0) shot = 0;
    const start = plannedStarts[shot] ?? 0;
    const realStart = real.starts[shot] ?? 0;
    const realEnd = real.starts[shot + 1] ?? real.totalSeconds;
    const fraction = Math.min(1, Math.max(0, (moment - start) / (plannedSeconds[shot] ?? 1)));
    return realStart + fraction * (realEnd - realStart);
  };
  return subtitleCuesForScript(script, plannedTotal).map((cue, index, cues) => ({
    text: cue.text,
    startSeconds: toReal(cue.startSeconds),
    endSeconds: index === cues.length - 1 ? real.totalSeconds : toReal(cue.endSeconds),
  }));
}
