import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectSpeech } from '../../../src/app/select-speech.ts';
import { parseConfig } from '../../../src/config/load-config.ts';
import { makeWorkDir } from '../../fixtures/make-media.ts';

let work: Awaited<ReturnType<typeof makeWorkDir>>;
let noEspeak: { espeakCommand: string };
beforeAll(async () => {
  work = await makeWorkDir();
  // A path that certainly holds no espeak-ng: the answers do not depend on what this machine has installed.
  noEspeak = { espeakCommand: join(work.path, 'no-espeak-ng') };
});
afterAll(() => work.remove());

const idOf = async (env: Record<string, string>) => (await selectSpeech(parseConfig(env), noEspeak))?.id ?? 'off';

describe('VOICE', () => {
  it('auto: Gemini with a Gemini key, else OpenAI with an OpenAI key, else espeak-ng if it runs, else no voice', async () => {
    expect(await idOf({ GEMINI_API_KEY: 'g', OPENAI_API_KEY: 'o' })).toBe('gemini');
    expect(await idOf({ OPENAI_API_KEY: 'o' })).toBe('openai');
    expect(await idOf({})).toBe('off');
    expect(parseConfig({}).VOICE).toBe('auto');
  });

  it('honours an explicit choice, and off switches the voice off even with keys', async () => {
    expect(await idOf({ VOICE: 'openai', GEMINI_API_KEY: 'g', OPENAI_API_KEY: 'o' })).toBe('openai');
    expect(await idOf({ VOICE: 'off', GEMINI_API_KEY: 'g' })).toBe('off');
    // An OpenAI-compatible local server needs no key.
    expect(await idOf({ VOICE: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' })).toBe('openai');
  });

  it('says what is missing for an explicit cloud voice without its key, but treats a missing espeak-ng as no voice', async () => {
    await expect(idOf({ VOICE: 'gemini' })).rejects.toThrow(/VOICE=gemini needs GEMINI_API_KEY/);
    await expect(idOf({ VOICE: 'openai' })).rejects.toThrow(/VOICE=openai needs OPENAI_API_KEY/);
    expect(await idOf({ VOICE: 'espeak' })).toBe('off');
  });

  it('refuses an unknown VOICE with the allowed values', () => {
    expect(() => parseConfig({ VOICE: 'loud' })).toThrow(/VOICE/);
  });
});
