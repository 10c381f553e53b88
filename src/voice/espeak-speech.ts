import { execFile } from 'node:child_process';
import type { Speaker, SpeechSynth } from '../ports/speech-synth.ts';
import { espeakVoiceOf } from './voice-language.ts';

/** Debian's espeak-ng package; found on PATH unless a path is given. */
export const ESPEAK_COMMAND = 'espeak-ng';

/** Words per minute: a touch slower than espeak's 175 for the narrator, which reads better over music. */
const RATES: Record<Speaker, number> = { 'voice-over': 150, protagonist: 165 };

function run(command: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 60_000, ...(signal ? { signal } : {}) }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

/**
 * Whether espeak-ng can run here: `--version` answers. Any failure (ENOENT above all) means no
 * local voice, which is a normal state: the lines are then subtitles only.
 */
export async function espeakAvailable(command = ESPEAK_COMMAND): Promise<boolean> {
  return run(command, ['--version']).then(
    () => true,
    () => false,
  );
}

/** The offline voice: espeak-ng writes a WAV; robotic, but it speaks the plan's language. */
export function createEspeakSpeech(command = ESPEAK_COMMAND): SpeechSynth {
  return {
    id: 'espeak',
    async speak({ text, language, speaker, outputPath, signal }) {
      // `--` ends the options: a line starting with "-" is spoken, not parsed.
      await run(command, ['-v', espeakVoiceOf(language), '-s', String(RATES[speaker]), '-w', outputPath, '--', text], signal);
    },
  };
}
