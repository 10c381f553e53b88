import type { SoundName } from '../../prompts/sound-words.ts';

/**
 * How each sound of the plan's sound design is synthesized: ffmpeg sources inside the filter
 * graph (anoisesrc, sine, aevalsrc) shaped by per-sample envelopes (aeval) and filters. No sample
 * packs: nothing to download or license, and every take stays deterministic. These are sketches,
 * not foley (a crunch is a burst of noise grains, applause a flutter of band-passed noise), meant
 * to sit under the voice and make the picture feel touched, not to fool anyone.
 */

/** Where each sound goes in the shot is data (prompts/offline/sound-words.txt); how it sounds is here. */
export interface SoundRecipe {
  /** Length of a one-off sound, seconds; a bed lasts the shot (0). */
  seconds: number;
  /** Gain after the source, dB: calibrated so a one-off peaks near −3 dBFS (−7 for a breath), over ambience that peaks near −8, and a bed's RMS is near −26 dBFS, under the mood's ambience (≈ −20 LUFS). */
  gainDb: number;
  /** The mono source chain (no labels) for `seconds` of sound; `seed` varies noise between takes. */
  source: (seconds: number, seed: number) => string;
}

const SR = 48000;
const fixed = (value: number): string => value.toFixed(3);
const noise = (color: 'white' | 'pink' | 'brown', seconds: number, seed: number, amplitude = 1): string => `anoisesrc=d=${fixed(seconds)}:c=${color}:r=${SR}:a=${amplitude}:seed=${seed}`;
/** Multiplies the stream by an envelope of `t`, sample by sample (volume= only changes per frame). */
const envelope = (expression: string): string => `aeval='val(0)*(${expression})':c=same`;
const synth = (expression: string, seconds: number): string => `aevalsrc='${expression}':s=${SR}:d=${fixed(seconds)}`;
/** A decaying hit starting at `at` seconds with decay rate `rate` per second. */
const hitAt = (at: number, rate: number): string => (at === 0 ? `exp(-${rate}*t)` : `gte(t,${at})*exp(-${rate}*(t-${at}))`);

export const SOUND_RECIPES: Record<SoundName, SoundRecipe> = {
  crunch: {
    seconds: 0.45,
    gainDb: 0,
    // Four noise grains of falling strength: the bite, then the pieces giving way.
    source: (s, seed) => `${noise('white', s, seed)},${envelope(`${hitAt(0, 60)}+0.8*${hitAt(0.06, 50)}+0.6*${hitAt(0.13, 45)}+0.45*${hitAt(0.21, 40)}`)},highpass=f=700,lowpass=f=7000`,
  },
  whoosh: {
    seconds: 0.8,
    gainDb: 10,
    source: (s, seed) => `${noise('pink', s, seed)},${envelope(`pow(sin(PI*t/${s}),2)`)},bandpass=f=1000:width_type=q:w=0.8,lowpass=f=3000`,
  },
  impact: {
    seconds: 1.6,
    gainDb: -4,
    // A falling sub thump with a short click on top so small speakers still hear the hit.
    source: (s) => synth(`0.9*sin(2*PI*(42*t+3.75*(1-exp(-8*t))))*exp(-3*t)+0.4*(random(0)*2-1)*exp(-90*t)`, s),
  },
  bell: {
    seconds: 2.5,
    gainDb: -8,
    // Fundamental plus the inharmonic partials that make a bell, the high ones dying first.
    source: (s) => synth(`(sin(2*PI*660*t)+0.5*sin(2*PI*1822*t)*exp(-2*t)+0.25*sin(2*PI*3564*t)*exp(-4*t))*exp(-1.6*t)`, s),
  },
  chime: {
    seconds: 1.8,
    gainDb: -9,
    source: (s) => synth([1568, 2093, 2637].map((hz, index) => `sin(2*PI*${hz}*t)*${hitAt(index * 0.09, 4)}`).join('+'), s),
  },
  glass: {
    seconds: 1,
    gainDb: -9,
    // Two glasses touching: high, close partials, the second clink softer.
    source: (s) => synth(`(sin(2*PI*3400*t)+0.7*sin(2*PI*5150*t)+0.4*sin(2*PI*7300*t))*(${hitAt(0, 9)}+0.6*${hitAt(0.18, 11)})`, s),
  },
  heartbeat: {
    seconds: 2.4,
    gainDb: -5,
    // Lub-dub every 0.8 s; the second harmonic keeps it audible on a phone.
    source: (s) => synth(`(sin(2*PI*55*t)+0.5*sin(2*PI*110*t))*(exp(-25*mod(t,0.8))+0.7*gte(mod(t,0.8),0.22)*exp(-25*(mod(t,0.8)-0.22)))`, s),
  },
  applause: {
    seconds: 2.8,
    gainDb: -1,
    source: (s, seed) => `${noise('white', s, seed)},${envelope(`(0.55+0.45*sin(2*PI*11*t)*sin(2*PI*7.3*t))*min(1,t/0.2)*min(1,(${s}-t)/1.5)`)},bandpass=f=2000:width_type=o:w=2`,
  },
  footsteps: {
    seconds: 2.4,
    gainDb: 6,
    source: (s, seed) => `${noise('white', s, seed)},${envelope('exp(-35*mod(t,0.5))')},lowpass=f=900,highpass=f=80`,
  },
  typing: {
    seconds: 2,
    gainDb: -5,
    // Two key rhythms that never line up read as someone typing, not a metronome.
    source: (s, seed) => `${noise('white', s, seed)},${envelope('0.7*exp(-250*mod(t,0.13))+0.6*exp(-250*mod(t+0.05,0.19))')},highpass=f=2000`,
  },
  thunder: {
    seconds: 3,
    gainDb: 9,
    source: (s, seed) => `${noise('brown', s, seed)},${envelope('(1-exp(-20*t))*exp(-1.2*t)*(0.7+0.3*sin(2*PI*3*t))')},lowpass=f=250`,
  },
  shutter: {
    seconds: 0.3,
    gainDb: -3,
    source: (s, seed) => `${noise('white', s, seed)},${envelope(`${hitAt(0, 150)}+0.8*${hitAt(0.09, 150)}`)},highpass=f=1500`,
  },
  paper: {
    seconds: 0.9,
    gainDb: 0,
    source: (s, seed) => `${noise('white', s, seed)},${envelope(`(0.5+0.5*sin(2*PI*23*t)*sin(2*PI*9*t))*sin(PI*t/${s})`)},bandpass=f=4000:width_type=o:w=1.5`,
  },
  boing: {
    seconds: 0.9,
    gainDb: -3,
    source: (s) => synth('sin(2*PI*(150*t+30*t*t)+4*sin(2*PI*12*t)*exp(-3*t))*exp(-3*t)', s),
  },
  scratch: {
    seconds: 0.6,
    gainDb: 7,
    source: (s, seed) => `${noise('white', s, seed)},${envelope('abs(sin(2*PI*6*t))*exp(-2*t)')},bandpass=f=1400:width_type=q:w=2`,
  },
  knock: {
    seconds: 0.8,
    gainDb: -5,
    source: (s) => synth(`(sin(2*PI*180*t)+0.3*(random(0)*2-1))*(${hitAt(0, 40)}+${hitAt(0.22, 40)})`, s),
  },
  splash: {
    seconds: 1,
    gainDb: 0,
    source: (s, seed) => `${noise('white', s, seed)},${envelope('(1-exp(-80*t))*exp(-4*t)')},highpass=f=300,lowpass=f=5000`,
  },
  fireworks: {
    seconds: 2.2,
    gainDb: -8,
    // The burst low, then sparse single-sample crackles falling away.
    source: (s) => synth('0.8*sin(2*PI*60*t)*exp(-6*t)+(random(0)*2-1)*gt(random(1),0.995)*exp(-1.5*t)', s),
  },
  clock: {
    seconds: 2.5,
    gainDb: -3,
    source: (s) => synth('sin(2*PI*2500*t)*exp(-300*mod(t,0.5))', s),
  },
  breath: {
    seconds: 1.2,
    gainDb: 3,
    source: (s, seed) => `${noise('pink', s, seed)},${envelope(`pow(sin(PI*t/${s}),2)`)},highpass=f=200,lowpass=f=1500`,
  },
  rain: {
    seconds: 0,
    gainDb: -16,
    source: (s, seed) => `${noise('white', s, seed)},highpass=f=1500,lowpass=f=9000`,
  },
  wind: {
    seconds: 0,
    gainDb: -2,
    source: (s, seed) => `${noise('pink', s, seed)},lowpass=f=700,highpass=f=60,tremolo=f=0.25:d=0.7`,
  },
  waves: {
    seconds: 0,
    gainDb: -9,
    // A wave every 4 s: the swell rises and falls but never quite to silence.
    source: (s, seed) => `${noise('brown', s, seed)},${envelope('0.35+0.65*pow(sin(PI*t/4),2)')},lowpass=f=900`,
  },
  stream: {
    seconds: 0,
    gainDb: -13,
    source: (s, seed) => `${noise('white', s, seed)},bandpass=f=2500:width_type=o:w=2,tremolo=f=7:d=0.3`,
  },
  crackle: {
    seconds: 0,
    gainDb: 8,
    // Only the rare loudest noise samples pass: scattered pops like embers or a worn record.
    source: (s, seed) => `${noise('white', s, seed)},${envelope('gt(abs(val(0)),0.998)')},lowpass=f=4000`,
  },
  birds: {
    seconds: 0,
    gainDb: -13,
    // Two birds: frequency-wobbled chirps on their own rhythms.
    source: (s) =>
      synth('lt(mod(t,1.1),0.18)*sin(PI*mod(t,1.1)/0.18)*sin(2*PI*3000*t+8*sin(2*PI*16*t))+0.7*lt(mod(t+0.45,1.7),0.12)*sin(PI*mod(t+0.45,1.7)/0.12)*sin(2*PI*4200*t+5*sin(2*PI*22*t))', s),
  },
  crowd: {
    seconds: 0,
    gainDb: -1,
    source: (s, seed) => `${noise('pink', s, seed)},bandpass=f=600:width_type=o:w=1.5,tremolo=f=3.5:d=0.4`,
  },
  insects: {
    seconds: 0,
    gainDb: -15,
    source: (s) => synth('sin(2*PI*4800*t)*(0.5+0.5*sin(2*PI*40*t))*(0.6+0.4*sin(2*PI*0.3*t))', s),
  },
};
