import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEspeakSpeech, espeakAvailable } from '../../../src/voice/espeak-speech.ts';
import { espeakVoiceOf } from '../../../src/voice/voice-language.ts';
import { makeWorkDir } from '../../fixtures/make-media.ts';

let work: Awaited<ReturnType<typeof makeWorkDir>>;
beforeAll(async () => {
  work = await makeWorkDir();
});
afterAll(() => work.remove());

// Whether espeak-ng is installed differs between machines; these tests point at a binary that
// certainly is not there, so they say the same everywhere.
describe('espeak-ng, the offline voice', () => {
  it('reports a missing binary as not available instead of throwing', async () => {
    await expect(espeakAvailable(join(work.path, 'no-espeak-ng'))).resolves.toBe(false);
  });

  it('rejects (for the caller to log) when asked to speak without a binary', async () => {
    const synth = createEspeakSpeech(join(work.path, 'no-espeak-ng'));
    await expect(synth.speak({ text: 'Hi.', language: 'en', speaker: 'voice-over', outputPath: join(work.path, 'x.wav') })).rejects.toThrow(/ENOENT/);
  });

  it('speaks Chinese with the Mandarin voice and other languages by their ISO code', () => {
    expect(['zh-Hans', 'zh-Hant', 'en', 'ja-JP'].map(espeakVoiceOf)).toEqual(['cmn', 'cmn', 'en', 'ja']);
  });
});
