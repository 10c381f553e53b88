import { describe, expect, it } from 'vitest';
import { commandsFor, createCommandContext, findCommand } from '../../../commands/all-commands.ts';
import { modelsCommand } from '../../../commands/models-command.ts';
import { shortCommand } from '../../../commands/short-command.ts';
import { parseConfig } from '../../../src/config/load-config.ts';
import { en } from '../../../src/i18n/en.ts';
import { translate } from '../../../src/i18n/messages.ts';
import { zh } from '../../../src/i18n/zh.ts';
import { configuredModels, defaultModelKey, resolveModel } from '../../../src/models/model-catalogue.ts';
import { findModelRow, MODEL_TABLE } from '../../../src/models/model-table.ts';
import type { ModelRow, ShotIntent } from '../../../src/models/model-types.ts';
import { snapIntent } from '../../../src/models/snap-intent.ts';
import { buildFalInput, buildModelPrompt, cameraTagsFor, clampPrompt } from '../../../src/providers/fal/fal-input.ts';
import { loadModelConventions } from '../../../src/providers/shot-prompt.ts';
import { samplePlan } from '../../fixtures/make-media.ts';

/** The capability table, the snap function, the catalogue and the commands that show it: pure code. */

const row = (key: string): ModelRow => {
  const found = findModelRow(key);
  if (!found) throw new Error(`no row ${key}`);
  return found;
};
const intent = (overrides: Partial<ShotIntent> = {}): ShotIntent => ({ seconds: 8, aspectRatio: '9:16', audio: true, avatar: false, ...overrides });

describe('the model table', () => {
  it('has one row per key, a price date and source on each, and a conventions file that loads', () => {
    const keys = MODEL_TABLE.map((model) => model.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const model of MODEL_TABLE) {
      expect(model.key).toMatch(/^(google|fal|runway|local):[a-z0-9._-]+$/);
      expect(model.price.asOf).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(model.price.source.length).toBeGreaterThan(3);
      expect(model.resolutions).toContain(model.defaultResolution);
      expect(model.endpoints.text ?? model.endpoints.image).toBeTruthy();
      expect(loadModelConventions(model.conventions).limits.length).toBeGreaterThan(20);
    }
    // The families are all there, and Kling 4.0 waits for a confirmed schema.
    expect(new Set(MODEL_TABLE.map((model) => model.family))).toEqual(new Set(['omni', 'veo', 'kling', 'seedance', 'hailuo', 'pika', 'wan', 'ltx', 'runway', 'local']));
    expect(row('fal:kling-4').offered).toBe(false);
    expect(row('fal:seedance-2').image.realFaces).toBe('rejected');
  });
});

describe('snapIntent', () => {
  const cases: [string, string, ShotIntent, Partial<ReturnType<typeof snapIntent>['settings']>, string[]][] = [
    // [what, model, intent, expected settings, expected change message keys]
    [
      'Hailuo makes 6 or 10 s: 8 → 10',
      'fal:hailuo-2.3',
      intent({ seconds: 8 }),
      { seconds: 10, aspectRatio: null, audio: false, mode: 'text' },
      ['snap.seconds-two', 'snap.ratio-fixed', 'snap.audio-none'],
    ],
    ['Hailuo: 4 → 6 (the shortest that holds it)', 'fal:hailuo-2.3', intent({ seconds: 4 }), { seconds: 6 }, ['snap.seconds-two', 'snap.ratio-fixed', 'snap.audio-none']],
    ['Hailuo: 12 → 10 (the longest)', 'fal:hailuo-2.3', intent({ seconds: 12 }), { seconds: 10 }, ['snap.seconds-two', 'snap.ratio-fixed', 'snap.audio-none']],
    ['Kling takes 8 s 9:16 with sound as asked', 'fal:kling-3-std', intent(), { seconds: 8, aspectRatio: '9:16', audio: true, mode: 'text', usdPerSecond: 0.126, estimatedUsd: 1.008 }, []],
    ['Kling silent is cheaper', 'fal:kling-3-std', intent({ audio: false }), { audio: false, usdPerSecond: 0.084 }, []],
    ['Kling from the avatar follows the picture', 'fal:kling-3-std', intent({ avatar: true }), { mode: 'image', aspectRatio: null }, ['snap.ratio-follows-image']],
    ['Kling clamps 20 s to 15', 'fal:kling-3-std', intent({ seconds: 20 }), { seconds: 15 }, ['snap.seconds-range']],
    ['a crossfade overlap (4.5 s) is rounding, not news', 'fal:kling-3-std', intent({ seconds: 4.5 }), { seconds: 5 }, []],
    ['Seedance refuses real faces: the avatar stays in words', 'fal:seedance-2', intent({ avatar: true }), { mode: 'text', aspectRatio: '9:16' }, ['snap.faces-rejected']],
    ['Pika makes 5 or 10 s, silently', 'fal:pika-2.2', intent({ seconds: 3 }), { seconds: 5, audio: false, usdPerSecond: 0.04 }, ['snap.seconds-two', 'snap.audio-none']],
    [
      'Veo on Vertex: 4, 6 or 8 s; a square plan becomes 16:9',
      'google:veo-3.1-fast',
      intent({ seconds: 10, aspectRatio: '1:1' }),
      { seconds: 8, aspectRatio: '16:9' },
      ['snap.seconds-list', 'snap.ratio'],
    ],
    ['Omni always has sound', 'google:omni-1.1-flash', intent({ audio: false }), { audio: true, seconds: 8 }, []],
    ['LTX: 6, 8 or 10 s at 1080p', 'fal:ltx-2.3-fast', intent({ seconds: 8 }), { seconds: 8, resolution: '1080p', estimatedUsd: 0.32 }, []],
    ['LTX: 7 s is not on offer, 8 is', 'fal:ltx-2.3-fast', intent({ seconds: 7 }), { seconds: 8 }, ['snap.seconds-list']],
    [
      'Runway Gen-4.5 writes 9:16 as 720:1280 on the wire (row), makes 2–10 s',
      'runway:gen4.5',
      intent({ seconds: 12 }),
      { seconds: 10, aspectRatio: '9:16', audio: false },
      ['snap.seconds-range', 'snap.audio-none'],
    ],
    ['Gen-4 Turbo starts from the avatar', 'runway:gen4_turbo', intent({ avatar: true, aspectRatio: '1:1', audio: false }), { mode: 'image', aspectRatio: '1:1', usdPerSecond: 0.05 }, []],
    ['MiniMax H3 Max: 5–15 s, always with sound', 'fal:minimax-h3-max', intent({ seconds: 4, audio: false }), { seconds: 5, audio: true, usdPerSecond: 0.08 }, ['snap.seconds-range']],
    ['Hailuo Pro is priced per clip', 'fal:hailuo-2.3-pro', intent({ seconds: 6 }), { seconds: 6, estimatedUsd: 0.49 }, ['snap.ratio-fixed', 'snap.audio-none']],
    ['Veo on fal has no published price: unknown, not free', 'fal:veo-3.1-fast', intent(), { usdPerSecond: null, estimatedUsd: null }, []],
    ['the local renderer is free and takes any length', 'local:storyboard', intent({ seconds: 13 }), { seconds: 13, estimatedUsd: 0 }, []],
  ];

  it.each(cases)('%s', (_what, key, wanted, settings, changeKeys) => {
    const result = snapIntent(wanted, row(key));
    expect(result.settings).toMatchObject(settings);
    expect(result.changes.map((change) => change.message.key)).toEqual(changeKeys);
    expect(result.unsupported).toBeNull();
  });

  it('says what it changed in words the user reads, in both languages', () => {
    const [seconds] = snapIntent(intent({ seconds: 8 }), row('fal:hailuo-2.3')).changes;
    expect(seconds?.key).toBe('seconds');
    expect(translate('en', seconds!.message.key, seconds!.message.params)).toBe('Hailuo 2.3 makes 6 or 10 s clips: using 10 s.');
    expect(translate('zh-CN', seconds!.message.key, seconds!.message.params)).toBe('Hailuo 2.3 只能生成 6 秒或 10 秒的片段：改用 10 秒。');
  });

  it('reports a model that cannot make the shot at all', () => {
    expect(snapIntent(intent(), row('runway:gen4_turbo')).unsupported).toMatch(/needs a starting picture/);
  });
});

describe('fal request bodies', () => {
  const plan = samplePlan({ aspectRatio: '9:16', negativePrompt: 'blur, watermark' });

  it('writes each model’s fields the way it wants them', () => {
    const kling = buildFalInput(row('fal:kling-3-std'), snapIntent(intent(), row('fal:kling-3-std')).settings, { prompt: 'p', negativePrompt: 'blur', imageUri: null });
    expect(kling).toEqual({ endpointId: 'fal-ai/kling-video/v3/standard/text-to-video', input: { prompt: 'p', duration: '8', aspect_ratio: '9:16', generate_audio: true, negative_prompt: 'blur' } });
    const hailuo = buildFalInput(row('fal:hailuo-2.3'), snapIntent(intent({ avatar: true }), row('fal:hailuo-2.3')).settings, {
      prompt: 'p',
      negativePrompt: 'blur',
      imageUri: 'data:image/png;base64,AA==',
    });
    expect(hailuo).toEqual({
      endpointId: 'fal-ai/minimax/hailuo-2.3/standard/image-to-video',
      input: { prompt: 'p', duration: '10', image_url: 'data:image/png;base64,AA==', prompt_optimizer: true },
    });
    const wan = buildFalInput(row('fal:wan-2.7'), snapIntent(intent({ seconds: 5 }), row('fal:wan-2.7')).settings, { prompt: 'p', negativePrompt: '', imageUri: null });
    expect(wan.input).toEqual({ prompt: 'p', duration: 5, aspect_ratio: '9:16', resolution: '720p' });
    const veo = buildFalInput(row('fal:veo-3.1-fast'), snapIntent(intent({ seconds: 5 }), row('fal:veo-3.1-fast')).settings, { prompt: 'p', negativePrompt: '', imageUri: null });
    expect(veo.input).toMatchObject({ duration: '6s', aspect_ratio: '9:16', generate_audio: true });
  });

  it('turns the plan’s camera words into Hailuo’s bracket commands, from the prompts file', () => {
    const hailuo = loadModelConventions('fal-hailuo');
    expect(cameraTagsFor('slow push-in, then a pan left', hailuo)).toEqual(['Push in', 'Pan left']);
    expect(cameraTagsFor('eye level', hailuo)).toEqual([]);
    const prompt = buildModelPrompt(samplePlan({ shots: [{ camera: 'slow push-in, eye level' }] }), 0, hailuo, { imageAttached: false, maxChars: 2000 });
    expect(prompt).toContain('[Push in] slow push-in, eye level.');
    // Silent model: no sound lines; no negative field: "avoid" goes into the prompt.
    expect(prompt).not.toMatch(/Ambient|Music/);
    const kling = buildModelPrompt(plan, 0, loadModelConventions('fal-kling'), { imageAttached: false, maxChars: 2500 });
    expect(kling).not.toContain('[');
    expect(kling).not.toContain('Avoid');
  });

  it('keeps prompts within a model’s limit, cut at a word', () => {
    const long = 'word '.repeat(400).trim();
    const cut = clampPrompt(long, 1000);
    expect(cut.length).toBeLessThanOrEqual(1000);
    expect(cut.endsWith('word')).toBe(true);
  });
});

describe('the catalogue and model choice', () => {
  const onlyFal = parseConfig({ FAL_KEY: 'fal-test-key' });

  it('offers only models whose credentials are set (and never an unconfirmed one)', () => {
    const keys = configuredModels(onlyFal).map((model) => model.key);
    expect(keys).toContain('fal:kling-3-std');
    expect(keys).toContain('local:storyboard');
    expect(keys.some((key) => key.startsWith('google:') || key.startsWith('runway:'))).toBe(false);
    expect(keys).not.toContain('fal:kling-4');
    expect(configuredModels(parseConfig({ FAL_KEY: 'k', VIDEO_MODEL: 'fal:kling-4' })).map((model) => model.key)).toContain('fal:kling-4');
    expect(configuredModels(parseConfig({ GEMINI_API_KEY: 'g', VIDEO_MODEL: 'google:veo-3.1' })).map((model) => model.key)).toEqual(['google:omni-1.1-flash', 'local:storyboard']);
    expect(configuredModels(parseConfig({ VERTEX_API_KEY: 'v', VIDEO_MODEL: 'google:veo-3.1' })).map((model) => model.key)).toEqual(['google:veo-3.1', 'local:storyboard']);
  });

  it('picks the default model: VIDEO_MODEL, else the auto order', () => {
    expect(defaultModelKey(onlyFal)).toBe('fal:kling-3-std');
    expect(defaultModelKey(parseConfig({ FAL_KEY: 'k', GEMINI_API_KEY: 'g' }))).toBe('google:omni-1.1-flash');
    expect(defaultModelKey(parseConfig({ FAL_KEY: 'k', GEMINI_API_KEY: 'g', VIDEO_MODEL: 'fal:pika-2.2' }))).toBe('fal:pika-2.2');
    expect(defaultModelKey(parseConfig({ RUNWAY_API_KEY: 'r', FAL_KEY: 'k', VIDEO_PROVIDER: 'runway' }))).toBe('runway:gen4.5');
    expect(defaultModelKey(parseConfig({}))).toBe('local:storyboard');
    expect(() => defaultModelKey(parseConfig({ VIDEO_MODEL: 'fal:sora-9' }))).toThrow(/not a model Reverie knows/);
  });

  it('resolves a family, a key or a provider; says so when the wish cannot be met', () => {
    const models = configuredModels(parseConfig({ FAL_KEY: 'k', RUNWAY_API_KEY: 'r' }));
    const defaultModel = row('fal:kling-3-std');
    expect(resolveModel(models, 'kling', { avatar: false, defaultModel }).model.key).toBe('fal:kling-3-std');
    expect(resolveModel(models, 'seedance', { avatar: false, defaultModel }).model.key).toBe('fal:seedance-2');
    expect(resolveModel(models, 'hailuo', { avatar: false, defaultModel }).model.key).toBe('fal:hailuo-2.3');
    expect(resolveModel(models, 'fal:kling-3-pro', { avatar: false, defaultModel }).model.key).toBe('fal:kling-3-pro');
    expect(resolveModel(models, 'runway', { avatar: false, defaultModel }).model.key).toBe('runway:gen4.5');
    expect(resolveModel(models, 'runway:gen4_turbo', { avatar: true, defaultModel }).model.key).toBe('runway:gen4_turbo');
    // Gen-4 Turbo needs a picture: without one the request gets the default and a note.
    expect(resolveModel(models, 'runway:gen4_turbo', { avatar: false, defaultModel })).toMatchObject({ model: { key: 'fal:kling-3-std' }, unavailable: 'Runway Gen-4 Turbo' });
    expect(resolveModel(models, 'omni', { avatar: false, defaultModel })).toMatchObject({ model: { key: 'fal:kling-3-std' }, unavailable: 'Gemini Omni 1.1 Flash' });
    expect(resolveModel(models, null, { avatar: false, defaultModel })).toEqual({ model: defaultModel, unavailable: null });
  });
});

describe('/models and the /short model option', () => {
  const context = createCommandContext(parseConfig({ FAL_KEY: 'fal-test-key' }));

  it('/models lists only the models with credentials, with seconds, sound, avatar, price and date', () => {
    const result = modelsCommand.run({ options: {}, locale: 'en', context });
    expect(result.kind).toBe('reply');
    const text = result.kind === 'reply' ? result.text : '';
    expect(text).toContain('Kling 3.0 Standard (fal:kling-3-std) (default) — 3–15 s · sound: yes · avatar: first frame · $0.084/s ($0.126 with sound), 2026-03-13');
    expect(text).toContain('Hailuo 2.3 (fal:hailuo-2.3) — 6, 10 s · sound: none · avatar: first frame · $0.28/6 s, $0.56/10 s, 2026-03');
    expect(text).toContain('Seedance 2.0 (fal:seedance-2) — 4–15 s · sound: yes · avatar: words only (no real faces)');
    expect(text).toContain('Reverie storyboard (offline) (local:storyboard) — 1–20 s · sound: always · avatar: first frame · free');
    expect(text).not.toMatch(/Gemini|Vertex|Runway|Kling 4/);
    // Short enough for one Discord message.
    expect(text.length).toBeLessThan(2000);
    const chinese = modelsCommand.run({ options: {}, locale: 'zh-CN', context });
    expect(chinese.kind === 'reply' && chinese.text).toContain('每秒 $0.084（带声音 $0.126），2026-03-13');
    expect(findCommand('models')).toBe(modelsCommand);
  });

  it('/short takes a model key, keeps a family for the pipeline, and offers the configured models', () => {
    const run = (model: string | undefined) => shortCommand.run({ options: { sentence: 'a cat in the rain', model }, locale: 'en', context });
    expect(run('fal:kling-3-pro')).toMatchObject({ kind: 'create', options: { model: 'fal:kling-3-pro' } });
    expect(run('Pika 2.2')).toMatchObject({ options: { model: 'fal:pika-2.2' } });
    expect(run('kling')).toMatchObject({ options: { model: 'kling' } });
    expect(run(undefined)).toMatchObject({ options: { model: null } });
    const option = shortCommand.options.find((candidate) => candidate.name === 'model');
    expect(option?.autocomplete?.(context, 'seed').map((choice) => choice.value)).toEqual(['fal:seedance-2', 'fal:seedance-2-fast', 'fal:seedance-2.5']);
    const rendered = commandsFor(context)
      .find((command) => command.name === 'short')
      ?.options.find((candidate) => candidate.name === 'model');
    expect(rendered?.choices?.length).toBe(context.models.length);
    expect(rendered?.choices?.[0]).toEqual({ value: 'fal:kling-3-std', label: { en: 'Kling 3.0 Standard', zh: 'Kling 3.0 Standard' } });
  });

  it('has every new message in English and Chinese', () => {
    const ours = Object.keys(en).filter((key) => /^(snap|models)\.|^note\.model-/.test(key));
    expect(ours.length).toBeGreaterThan(20);
    for (const key of ours) expect(zh[key as keyof typeof zh], key).toBeTruthy();
  });
});
