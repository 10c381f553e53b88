import { writeFile } from 'node:fs/promises';
import type { Speaker, SpeechSynth } from '../ports/speech-synth.ts';
import { createGeminiClient } from '../providers/google-client.ts';
import { pcmRateOf, pcmToWav } from './pcm-wav.ts';
import { primaryLanguage } from './voice-language.ts';

export interface GeminiSpeechOptions {
  apiKey: string;
  /** GEMINI_BASE_URL. */
  baseUrl: string;
  model: string;
  timeoutMs: number;
}

/** Prebuilt Gemini voices: a soft narrator and a brighter on-screen voice. */
const VOICES: Record<Speaker, string> = { 'voice-over': 'Sulafat', protagonist: 'Puck' };

/**
 * Gemini TTS: `generateContent` with an AUDIO response. The answer is raw PCM (s16le, mono,
 * 24 kHz) base64 in the first part's inlineData, so it is wrapped in a WAV header here.
 */
export function createGeminiSpeech(options: GeminiSpeechOptions): SpeechSynth {
  const client = createGeminiClient({ apiKey: options.apiKey, baseUrl: options.baseUrl });
  return {
    id: 'gemini',
    async speak({ text, language, speaker, outputPath, signal }) {
      const response = await client.models.generateContent({
        model: options.model,
        contents: [{ role: 'user', parts: [{ text }] }],
        config: {
          responseModalities: ['AUDIO'],
          speechConfig: { languageCode: primaryLanguage(language), voiceConfig: { prebuiltVoiceConfig: { voiceName: VOICES[speaker] } } },
          httpOptions: { timeout: options.timeoutMs },
          ...(signal ? { abortSignal: signal } : {}),
        },
      });
      const audio = response.candidates?.[0]?.content?.parts?.find((part) => part.inlineData?.data)?.inlineData;
      if (!audio?.data) throw new Error(`Gemini TTS (${options.model}) answered without audio (finish reason ${response.candidates?.[0]?.finishReason ?? 'none'})`);
      await writeFile(outputPath, pcmToWav(Buffer.from(audio.data, 'base64'), pcmRateOf(audio.mimeType)));
    },
  };
}
