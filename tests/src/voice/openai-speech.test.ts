import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAISpeech } from '../../../src/voice/openai-speech.ts';
import { makeSpeechLike, makeWorkDir } from '../../fixtures/make-media.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai.ts';
import { ffprobe } from '../../helpers/run-cli.ts';

let work: Awaited<ReturnType<typeof makeWorkDir>>;
let fake: FakeOpenAI;
beforeAll(async () => {
  work = await makeWorkDir();
  fake = await startFakeOpenAI({ speech: await makeSpeechLike(join(work.path, 'served.wav'), 1.5) });
});
afterAll(async () => {
  await fake.close();
  await work.remove();
});

describe('OpenAI speech through the real openai SDK', () => {
  it('asks for a WAV of the line in the speaker’s voice and writes the audio it gets', async () => {
    const synth = createOpenAISpeech({ apiKey: 'sk-test', baseUrl: fake.url, model: 'gpt-4o-mini-tts', timeoutMs: 5000 });
    const outputPath = join(work.path, 'line.wav');
    await synth.speak({ text: '我想你了。', language: 'zh-Hans', speaker: 'voice-over', outputPath });

    const probe = await ffprobe(outputPath);
    expect(probe.audio).not.toBeNull();
    expect(probe.durationSeconds).toBeCloseTo(1.5, 1);
    const request = fake.requests.at(-1);
    expect(request?.path).toBe('/v1/audio/speech');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    const body = request?.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'gpt-4o-mini-tts', input: '我想你了。', response_format: 'wav', voice: 'sage' });
    expect(body.instructions).toContain('"zh"');
  });

  it('gives the protagonist another voice and sends tts-1 no speaking directions (it rejects them)', async () => {
    const synth = createOpenAISpeech({ apiKey: 'sk-test', baseUrl: fake.url, model: 'tts-1', timeoutMs: 5000 });
    await synth.speak({ text: 'Hello there.', language: 'en', speaker: 'protagonist', outputPath: join(work.path, 'hello.wav') });
    const body = fake.requests.at(-1)?.body as Record<string, unknown>;
    expect(body.voice).toBe('coral');
    expect(body).not.toHaveProperty('instructions');
  });

  it('fails with the server’s error when there is no speech endpoint (an OpenAI-compatible server without TTS)', async () => {
    const bare = await startFakeOpenAI();
    try {
      const synth = createOpenAISpeech({ baseUrl: bare.url, model: 'tts-1', timeoutMs: 5000 });
      await expect(synth.speak({ text: 'Hi.', language: 'en', speaker: 'voice-over', outputPath: join(work.path, 'none.wav') })).rejects.toThrow(/404|no route/);
    } finally {
      await bare.close();
    }
  });
});
