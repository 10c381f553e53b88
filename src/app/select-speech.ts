import type { Config } from '../config/config-schema.ts';
import type { SpeechSynth } from '../ports/speech-synth.ts';
import { createEspeakSpeech, espeakAvailable, ESPEAK_COMMAND } from '../voice/espeak-speech.ts';
import { createGeminiSpeech } from '../voice/gemini-speech.ts';
import { createOpenAISpeech } from '../voice/openai-speech.ts';

const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface SelectSpeechOptions {
  /** The espeak-ng binary; default `espeak-ng` on PATH. */
  espeakCommand?: string;
}

/**
 * VOICE resolved to a synth, or null for no voice (the lines stay subtitles). `auto` follows the
 * planner's order of keys (Gemini, then OpenAI), then espeak-ng when it runs here. An explicit
 * choice whose key is missing is a configuration error; an explicit `espeak` that is not
 * installed is not (the voice is optional), it is reported by the caller's log line instead.
 */
export async function selectSpeech(config: Config, options: SelectSpeechOptions = {}): Promise<SpeechSynth | null> {
  const espeakCommand = options.espeakCommand ?? ESPEAK_COMMAND;
  const gemini = (): SpeechSynth => {
    if (!config.GEMINI_API_KEY) throw new Error('VOICE=gemini needs GEMINI_API_KEY (a Gemini API key from Google AI Studio).');
    return createGeminiSpeech({ apiKey: config.GEMINI_API_KEY, baseUrl: config.GEMINI_BASE_URL, model: config.GEMINI_SPEECH_MODEL, timeoutMs: config.VOICE_TIMEOUT_MS });
  };
  const openai = (): SpeechSynth => {
    // As for the planner: an OpenAI-compatible local server needs no key, api.openai.com does.
    if (!config.OPENAI_API_KEY && config.OPENAI_BASE_URL === DEFAULT_OPENAI_BASE_URL) throw new Error('VOICE=openai needs OPENAI_API_KEY, or OPENAI_BASE_URL pointing at an OpenAI-compatible server.');
    return createOpenAISpeech({ apiKey: config.OPENAI_API_KEY, baseUrl: config.OPENAI_BASE_URL, model: config.OPENAI_SPEECH_MODEL, timeoutMs: config.VOICE_TIMEOUT_MS });
  };
  const espeak = async (): Promise<SpeechSynth | null> => ((await espeakAvailable(espeakCommand)) ? createEspeakSpeech(espeakCommand) : null);

  switch (config.VOICE) {
    case 'off':
      return null;
    case 'gemini':
      return gemini();
    case 'openai':
      return openai();
    case 'espeak':
      return espeak();
    case 'auto':
      if (config.GEMINI_API_KEY) return gemini();
      if (config.OPENAI_API_KEY) return openai();
      return espeak();
  }
}
