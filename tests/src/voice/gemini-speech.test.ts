import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { probeMedia } from '../../../src/media/probe-media.ts';
import { createGeminiSpeech } from '../../../src/voice/gemini-speech.ts';
import { geminiAnswer, geminiSpeech, startFakeGoogle, type FakeGoogle } from '../../fakes/fake-google.ts';
import { makeClip, makeSpeechLike, makeWorkDir } from '../../fixtures/make-media.ts';

let work: Awaited<ReturnType<typeof makeWorkDir>>;
let fake: FakeGoogle;
let pcm: Buffer;
beforeAll(async () => {
  work = await makeWorkDir();
  fake = await startFakeGoogle({ videoPath: await makeClip(join(work.path, 'video.mp4'), { width: 64, height: 64, seconds: 1 }) });
  pcm = await makeSpeechLike(join(work.path, 'served.pcm'), 2, 'raw');
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
  await work.remove();
});

const synth = () => createGeminiSpeech({ apiKey: 'g-key', baseUrl: fake.url, model: 'gemini-3.8-flash-tts', timeoutMs: 5000 });

describe('Gemini TTS through the real @google/genai SDK', () => {
  it('asks generateContent for AUDIO in the plan’s language and wraps the PCM it answers in a playable WAV', async () => {
    fake.script('generateContent', geminiSpeech(pcm));
    const outputPath = join(work.path, 'line.wav');
    await synth().speak({ text: '我想你了。', language: 'zh-Hant', speaker: 'protagonist', outputPath });

    const probe = await probeMedia('ffprobe', outputPath);
    expect(probe.audio).toMatchObject({ sampleRate: 24000, channels: 1 });
    expect(probe.durationSeconds).toBeCloseTo(2, 1);
    const [request] = fake.calls('generateContent');
    expect(request?.path).toContain('/models/gemini-3.8-flash-tts:generateContent');
    expect(request?.headers['x-goog-api-key']).toBe('g-key');
    expect(request?.body).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: '我想你了。' }] }],
      generationConfig: { responseModalities: ['AUDIO'], speechConfig: { languageCode: 'zh', voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } } } },
    });
  });

  it('fails clearly when the answer holds no audio (a text reply, a blocked line)', async () => {
    fake.script('generateContent', geminiAnswer('I cannot say that.'));
    await expect(synth().speak({ text: 'Hi.', language: 'en', speaker: 'voice-over', outputPath: join(work.path, 'none.wav') })).rejects.toThrow(/answered without audio/);
  });
});
