import { writeFile } from 'node:fs/promises';
import OpenAI from 'openai';
import type { Speaker, SpeechSynth } from '../ports/speech-synth.ts';
import { primaryLanguage } from './voice-language.ts';

export interface OpenAISpeechOptions {
  /** Optional for a local OpenAI-compatible server. */
  apiKey?: string | undefined;
  /** OPENAI_BASE_URL (with /v1). */
  baseUrl: string;
  model: string;
  timeoutMs: number;
}

/** A calm narrator and a warmer on-screen voice, so the two speakers are told apart. */
const VOICES: Record<Speaker, string> = { 'voice-over': 'sage', protagonist: 'coral' };

/** tts-1 and tts-1-hd reject `instructions`; the gpt-*-tts models take a speaking direction. */
const takesInstructions = (model: string): boolean => !model.startsWith('tts-1');

/** OpenAI speech (`audio.speech.create`), answered as WAV so ffmpeg needs no MP3 probing. */
export function createOpenAISpeech(options: OpenAISpeechOptions): SpeechSynth {
  // Speech is cheap and idempotent: one SDK retry on 429/5xx is fine (unlike a video create).
  const client = new OpenAI({ apiKey: options.apiKey ?? 'not-needed', baseURL: options.baseUrl, timeout: options.timeoutMs, maxRetries: 1 });
  return {
    id: 'openai',
    async speak({ text, language, speaker, outputPath, signal }) {
      const direction = `Speak in the language "${primaryLanguage(language)}", ${speaker === 'voice-over' ? 'as a gentle narrator' : 'as the person on screen, naturally'}.`;
      const response = await client.audio.speech.create(
        { model: options.model, voice: VOICES[speaker], input: text, response_format: 'wav', ...(takesInstructions(options.model) ? { instructions: direction } : {}) },
        signal ? { signal } : {},
      );
      await writeFile(outputPath, Buffer.from(await response.arrayBuffer()));
    },
  };
}
