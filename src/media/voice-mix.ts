import type { VoiceClip } from '../ports/media.ts';
import { AUDIO_FORMAT } from './encode-args.ts';

/** Fastest a line may be sped up to fit its shot before the rest is cut: faster sounds rushed. */
export const MAX_VOICE_TEMPO = 1.3;
/** A cut line fades out over this instead of clicking. */
const CUT_FADE_SECONDS = 0.15;
/** TTS files sit near −20 LUFS like the ambience; this lifts the voice clearly above the bed. */
const VOICE_GAIN_DB = 4;
const fixed = (value: number): string => value.toFixed(3);

export interface PlacedVoice extends VoiceClip {
  /** ffmpeg input index of the voice file. */
  inputIndex: number;
  /** The file's own length (probed). */
  speechSeconds: number;
}

/** atempo for a line of `speech` seconds in `room`: 1 when it fits, at most MAX_VOICE_TEMPO. */
export function voiceTempo(speechSeconds: number, roomSeconds: number): number {
  if (roomSeconds <= 0 || speechSeconds <= roomSeconds) return 1;
  return Math.min(MAX_VOICE_TEMPO, speechSeconds / roomSeconds);
}

/**
 * Graph lines that mix the voices over `bed` (a label) and end in `[voiced]`. Each line is sped up
 * if needed, cut to its room, delayed to its start; all of them together are the key of a
 * sidechain compressor on the bed, so ambience and music duck while someone speaks and come back
 * between lines.
 */
export function voiceMixGraph(bed: string, voices: readonly PlacedVoice[], totalSeconds: number): string[] {
  const graph: string[] = [];
  voices.forEach((voice, index) => {
    const room = Math.max(0.1, Math.min(voice.maxSeconds, totalSeconds - voice.startSeconds));
    const tempo = voiceTempo(voice.speechSeconds, room);
    const delayMs = Math.round(Math.max(0, voice.startSeconds) * 1000);
    graph.push(
      `[${voice.inputIndex}:a]aresample=48000,${AUDIO_FORMAT},` +
        (tempo > 1 ? `atempo=${fixed(tempo)},` : '') +
        `atrim=duration=${fixed(room)},afade=t=out:st=${fixed(Math.max(0, room - CUT_FADE_SECONDS))}:d=${fixed(CUT_FADE_SECONDS)},` +
        `volume=${VOICE_GAIN_DB}dB,adelay=${delayMs}:all=1[vo${index}]`,
    );
  });
  const labels = voices.map((_, index) => `[vo${index}]`).join('');
  const together = voices.length > 1 ? `${labels}amix=inputs=${voices.length}:normalize=0:duration=longest` : `${labels}anull`;
  graph.push(`${together},apad,atrim=duration=${fixed(totalSeconds)},${AUDIO_FORMAT},asplit=2[vkey][vline]`);
  graph.push(`${bed}[vkey]sidechaincompress=threshold=0.04:ratio=4:attack=20:release=400[ducked]`);
  graph.push(`[ducked][vline]amix=inputs=2:normalize=0:duration=first,${AUDIO_FORMAT}[voiced]`);
  return graph;
}
