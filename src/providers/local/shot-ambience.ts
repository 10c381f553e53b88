import type { Mood } from '../../domain/creative-plan.ts';
import type { ShotRandom } from './shot-variation.ts';
import { AUDIO_FORMAT } from '../../media/encode-args.ts';

/**
 * A synthesized ambience per mood, built only from sources inside the filter graph (anoisesrc,
 * sine) so it runs under fluent-ffmpeg on ffmpeg 7 too. A noise bed gives the room, a sine chord
 * the feeling, chimes the sparkle; drones and a low boom carry tense and epic.
 */
interface MoodSound {
  /** The bed; `swellHz` is a slow swell like waves or wind, or null for a steady bed. */
  noise: { color: 'pink' | 'brown'; amplitude: number; highpassHz: number; lowpassHz: number; swellHz: number | null };
  /** Pad notes in Hz, each doubled a few cents sharp so the chord breathes instead of beeping. */
  chord: readonly number[];
  /** Peak amplitude of each pad voice (0–1). */
  padAmplitude: number;
  /** A slow shimmer on the pad (warm, dreamy), or a pulse on the drone (tense), Hz. */
  tremoloHz: number | null;
  /** Bell pitches to choose from; `chimeCount` of them ring at random moments. */
  chimeNotes: readonly number[];
  chimeCount: number;
  /** A 45 Hz hit at the start, for the opening-title feeling. */
  boom: boolean;
  /** Calibrated so every mood lands near -20 LUFS (measured with ebur128 on 6 s renders). */
  gainDb: number;
}

const MOOD_SOUNDS: Record<Mood, MoodSound> = {
  warm: {
    noise: { color: 'pink', amplitude: 0.5, highpassHz: 120, lowpassHz: 1800, swellHz: null },
    chord: [261.63, 329.63, 392.0, 587.33],
    padAmplitude: 0.05,
    tremoloHz: 3.2,
    chimeNotes: [1046.5, 1318.51, 1567.98],
    chimeCount: 2,
    boom: false,
    gainDb: 0.5,
  },
  joyful: {
    noise: { color: 'pink', amplitude: 0.4, highpassHz: 200, lowpassHz: 3000, swellHz: null },
    chord: [392.0, 493.88, 587.33, 783.99],
    padAmplitude: 0.045,
    tremoloHz: null,
    chimeNotes: [1174.66, 1567.98, 1975.53, 2349.32],
    chimeCount: 3,
    boom: false,
    gainDb: 0.3,
  },
  calm: {
    noise: { color: 'brown', amplitude: 0.8, highpassHz: 40, lowpassHz: 500, swellHz: 0.15 },
    chord: [174.61, 220.0, 261.63, 329.63],
    padAmplitude: 0.04,
    tremoloHz: null,
    chimeNotes: [880.0, 1046.5],
    chimeCount: 1,
    boom: false,
    gainDb: -0.5,
  },
  dreamy: {
    noise: { color: 'pink', amplitude: 0.4, highpassHz: 150, lowpassHz: 1200, swellHz: 0.2 },
    chord: [220.0, 277.18, 329.63, 415.3, 493.88],
    padAmplitude: 0.04,
    tremoloHz: 0.8,
    chimeNotes: [1318.51, 1661.22, 1975.53],
    chimeCount: 2,
    boom: false,
    gainDb: 3,
  },
  melancholy: {
    // High-passed pink noise reads as rain on a window.
    noise: { color: 'pink', amplitude: 0.35, highpassHz: 900, lowpassHz: 7000, swellHz: null },
    chord: [220.0, 261.63, 329.63],
    padAmplitude: 0.05,
    tremoloHz: null,
    chimeNotes: [659.25, 880.0],
    chimeCount: 1,
    boom: false,
    gainDb: 1,
  },
  tense: {
    noise: { color: 'brown', amplitude: 0.9, highpassHz: 30, lowpassHz: 300, swellHz: null },
    // A minor second low down beats against itself; the tremolo makes it a heartbeat.
    chord: [55.0, 58.27, 110.0],
    padAmplitude: 0.12,
    tremoloHz: 1.3,
    chimeNotes: [],
    chimeCount: 0,
    boom: false,
    gainDb: -5,
  },
  epic: {
    noise: { color: 'brown', amplitude: 0.7, highpassHz: 30, lowpassHz: 400, swellHz: 0.1 },
    chord: [73.42, 110.0, 146.83, 220.0],
    padAmplitude: 0.09,
    tremoloHz: null,
    chimeNotes: [587.33, 880.0],
    chimeCount: 1,
    boom: true,
    gainDb: -4,
  },
};

const CHIME_SECONDS = 2.6;
const fixed = (value: number): string => value.toFixed(3);

export interface AmbienceSpec {
  mood: Mood;
  seconds: number;
  random: ShotRandom;
}

/** Graph fragment ending in the label `[aud]`: 48 kHz stereo, faded in and out, limited under -1 dBFS. */
export function ambienceGraph({ mood, seconds, random }: AmbienceSpec): string {
  const sound = MOOD_SOUNDS[mood];
  const duration = fixed(seconds);
  const parts: string[] = [];
  const mixInputs: string[] = [];

  // Two noise seeds, one per ear, give a wide bed instead of a mono hiss in the middle.
  const { noise } = sound;
  for (const side of ['l', 'r']) {
    parts.push(`anoisesrc=d=${duration}:c=${noise.color}:r=48000:a=${noise.amplitude}:seed=${random.seed()},` + `highpass=f=${noise.highpassHz},lowpass=f=${noise.lowpassHz}[noise${side}]`);
  }
  const swell = noise.swellHz === null ? '' : `,tremolo=f=${noise.swellHz}:d=0.6`;
  parts.push(`[noisel][noiser]join=inputs=2:channel_layout=stereo${swell},${AUDIO_FORMAT}[bed]`);
  mixInputs.push('[bed]');

  const voices = sound.chord.flatMap((hz) => [hz, hz * 1.0035]);
  voices.forEach((hz, index) => parts.push(`sine=f=${fixed(hz)}:r=48000:d=${duration}[pad${index}]`));
  const shimmer = sound.tremoloHz === null ? '' : `,tremolo=f=${sound.tremoloHz}:d=0.45`;
  parts.push(
    `${voices.map((_, index) => `[pad${index}]`).join('')}amix=inputs=${voices.length}:normalize=0,` +
      // sine= plays at 1/8 full scale, hence ×8 to reach padAmplitude per voice.
      `volume=${fixed(sound.padAmplitude * 8)}${shimmer},${AUDIO_FORMAT}[pad]`,
  );
  mixInputs.push('[pad]');

  const latestChime = Math.max(0, seconds - CHIME_SECONDS);
  for (let index = 0; index < sound.chimeCount && sound.chimeNotes.length > 0; index += 1) {
    const hz = random.pick(sound.chimeNotes);
    const delayMs = Math.round(random.between(Math.min(0.6, latestChime), latestChime) * 1000);
    // A bell: fundamental plus its inharmonic 2.76× partial, both decaying exponentially.
    parts.push(`sine=f=${fixed(hz)}:r=48000:d=${CHIME_SECONDS}[bell${index}a]`);
    parts.push(`sine=f=${fixed(hz * 2.76)}:r=48000:d=${CHIME_SECONDS / 2}[bell${index}b]`);
    parts.push(
      `[bell${index}a][bell${index}b]amix=inputs=2:weights='1 0.3':normalize=0,` +
        `afade=t=out:st=0:d=${CHIME_SECONDS}:curve=exp,volume=0.35,adelay=${delayMs},` +
        `aecho=0.8:0.5:170|310:0.3|0.18,${AUDIO_FORMAT}[chime${index}]`,
    );
    mixInputs.push(`[chime${index}]`);
  }

  if (sound.boom) {
    parts.push(`sine=f=45:r=48000:d=3,afade=t=out:st=0:d=3:curve=exp,volume=0.9,${AUDIO_FORMAT}[boom]`);
    mixInputs.push('[boom]');
  }

  parts.push(
    `${mixInputs.join('')}amix=inputs=${mixInputs.length}:normalize=0:duration=first,volume=${sound.gainDb}dB,` +
      `afade=t=in:d=${fixed(Math.min(0.8, seconds / 4))},afade=t=out:st=${fixed(Math.max(0, seconds - 1))}:d=${fixed(Math.min(1, seconds))},` +
      `alimiter=limit=0.89:level=0,atrim=duration=${duration},${AUDIO_FORMAT}[aud]`,
  );
  return parts.join(';\n');
}
