/**
 * Text to speech, for spoken lines the video model cannot voice itself (models without sound, and
 * the local renderer). Implemented in src/voice by OpenAI speech, Gemini TTS and espeak-ng; "no
 * voice" is the absence of a synth (the lines are then only read, as subtitles).
 */

export type SpeechSynthId = 'openai' | 'gemini' | 'espeak';

/** Who speaks: the narrator and the person on screen get different voices. */
export type Speaker = 'voice-over' | 'protagonist';

export interface SpeechRequest {
  text: string;
  /** The plan's language tag ('en', 'zh-Hans', 'zh-Hant', …): providers that take one are told. */
  language: string;
  speaker: Speaker;
  /** Where the audio goes: a WAV file (any rate/channels; the mixer resamples). */
  outputPath: string;
  signal?: AbortSignal;
}

export interface SpeechSynth {
  id: SpeechSynthId;
  speak(request: SpeechRequest): Promise<void>;
}
