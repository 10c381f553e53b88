import { CreativePlan, MAX_SHOTS, MAX_TOTAL_SECONDS, type AspectRatio, type Shot } from '../domain/creative-plan.ts';
import type { Planner, PlannerInput, PlanResult, UserNote } from '../ports/planner.ts';
import { loadOfflineTemplates, templateLanguageOf } from './offline-templates.ts';
import { detectLanguage, findAspectRatio, findAvatarWish, findRequestedModel, findSeconds, findStyle, keywordPattern } from './read-request.ts';
import { offlineTitle } from './offline-title.ts';
import { addSentenceSounds } from './offline-sounds.ts';
import { dealInOrder, shorten, splitSentences } from './split-script.ts';
import { DEFAULT_STYLE, loadStylePreset, loadStylePresets, type StylePreset } from '../prompts/style-presets.ts';

/**
 * The zero-config planner: deterministic, no network. It reads the casual sentence with plain
 * pattern readers and fills prompts/offline templates and a style preset into a full plan.
 * LLM planners fall back to it, so it must never fail on any input.
 */

const DEFAULT_SECONDS = 12;
const ORIENTATION_RATIO = { vertical: '9:16', landscape: '16:9', square: '1:1' } as const;
const BEATS = ['beat.open', 'beat.build', 'beat.peak', 'beat.close'] as const;

/** Seconds a viewer needs to read the script as subtitles, plus room to breathe. */
function readingSeconds(script: string, language: string): number {
  const charsPerSecond = language.startsWith('zh') || language === 'ja' ? 5 : 15;
  return Math.ceil([...script].length / charsPerSecond) + 3;
}

function chooseSeconds(input: PlannerInput, found: number | null, script: string, language: string): number {
  const wanted = input.options.seconds ?? found ?? Math.max(DEFAULT_SECONDS, Math.min(30, readingSeconds(script, language)));
  return Math.min(MAX_TOTAL_SECONDS, Math.max(3, Math.round(wanted)));
}

/** Shots of whole or half seconds that add up exactly to the total. */
function splitSeconds(total: number, count: number): number[] {
  const halves = Math.round(total * 2);
  return dealInOrder(
    Array.from({ length: halves }, () => 0.5),
    count,
  ).map((group) => group.length * 0.5);
}

// Words that ask for a video rather than say what it is about; stripped to find the topic.
const DURATION_WORDS = /\d+(\.\d+)?\s*-?\s*(s|secs?|seconds?|mins?|minutes?)\b|[\d零一二两兩三四五六七八九十]+\s*秒/gi;
const REQUEST_WORDS_EN =
  /\b(please|make|create|turn|generate|render|into|short|shorts|video|clip|reel|with|using|my|me|avatar|profile|picture|photo|this|text|for|about|of|style|vertical|portrait|landscape|horizontal|widescreen|square)\b/gi;
const REQUEST_WORDS_ZH =
  /帮我|幫我|请|請|把|做成|做一个|做一個|做个|做個|生成|一个|一個|短视频|短視頻|视频|視頻|短片|竖屏|豎屏|横屏|橫屏|用我的头像|用我的頭像|我的头像|我的頭像|头像|頭像|这段|這段|文字|风格|風格|关于|關於|的/g;

/** What the sentence is about, without "make … into a short" scaffolding, style or length words. */
function topicOf(sentence: string, styleKeywords: readonly string[]): string {
  let topic = sentence.replace(DURATION_WORDS, ' ');
  for (const keyword of styleKeywords) topic = topic.replace(keywordPattern(keyword, 'gi'), ' ');
  topic = topic
    .replace(REQUEST_WORDS_EN, ' ')
    .replace(REQUEST_WORDS_ZH, ' ')
    .replace(/[\s,，.。:：!！、]+/g, ' ')
    .trim()
    .replace(/^((a|an|the)\s+)+/i, '');
  return shorten(topic.charAt(0).toUpperCase() + topic.slice(1), 60);
}

function pick<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function buildOfflinePlan(input: PlannerInput): PlanResult {
  const notes: UserNote[] = [];
  const previous = input.previousPlan;
  // A revision reads the instruction as a new sentence layered over the previous plan's choices.
  const sentence = input.instruction ?? input.sentence;
  const script = (input.script ?? previous?.script ?? '').trim();
  const language = previous?.language ?? detectLanguage(`${input.sentence} ${script}`, input.locale);
  const templateLanguage = templateLanguageOf(language);
  const phrase = loadOfflineTemplates(templateLanguage);
  if (templateLanguage === 'en' && !language.startsWith('en')) notes.push({ key: 'note.language-fallback' });

  const presets = loadStylePresets();
  const styleName = input.options.style ?? findStyle(`${sentence} ${script}`, presets.values()) ?? previous?.style ?? DEFAULT_STYLE;
  const preset: StylePreset = loadStylePreset(styleName);

  const aspectRatio: AspectRatio = (input.options.orientation ? ORIENTATION_RATIO[input.options.orientation] : null) ?? findAspectRatio(sentence) ?? previous?.aspectRatio ?? '9:16';
  const foundSeconds = findSeconds(sentence);
  const totalSeconds = previous && foundSeconds === null && input.options.seconds === null ? previous.totalSeconds : chooseSeconds(input, foundSeconds, script, language);

  const wantsAvatar = input.options.useAvatar ?? findAvatarWish(sentence) ?? previous?.protagonist.useAvatar ?? false;
  const useAvatar = wantsAvatar && input.avatar !== null;
  const protagonistKey = useAvatar ? 'protagonist.avatar' : 'protagonist.none';

  const sentences = splitSentences(script);
  // About five seconds a shot reads well as a short; more sentences are dealt across the shots.
  const shotCount = Math.max(1, Math.min(MAX_SHOTS, Math.ceil(totalSeconds / 5)));
  const seconds = splitSeconds(totalSeconds, shotCount);
  const lines = dealInOrder(sentences, shotCount);
  const feeling = phrase(`feeling.${preset.mood}`);
  const allKeywords = [...presets.values()].flatMap((candidate) => candidate.keywords);
  // The script's first line is the user's own words, the best title and topic there is.
  const firstLine = splitSentences(script)[0];
  const topic = firstLine ? shorten(firstLine, 60) : topicOf(input.sentence, allKeywords);
  const title = previous?.title ?? (firstLine ? topic : offlineTitle(input.sentence, preset.mood, input.variation, templateLanguage, phrase));
  const who = phrase(`${protagonistKey}-short`);
  const closing = phrase(preset.name === 'greeting' ? 'closing.greeting' : 'closing.default');
  const beatsFor = (index: number) => (shotCount === 1 ? 'beat.peak' : index === shotCount - 1 ? 'beat.close' : pick(BEATS, index));

  const shots: Shot[] = seconds.map((shotSeconds, index) => {
    const spokenLine = (lines[index] ?? []).join(' ').trim();
    return {
      seconds: shotSeconds,
      action: phrase(beatsFor(index), { protagonist: who, topic, feeling }),
      camera: pick(preset.cameras, index + input.variation),
      lighting: pick(preset.lightings, index + input.variation),
      sound: {
        ambience: preset.ambience,
        effects: preset.effects.length > 0 ? [pick(preset.effects, index + input.variation)] : [],
        music: preset.music,
      },
      spoken: spokenLine === '' ? null : { speaker: 'voice-over', line: shorten(spokenLine, 400) },
      onScreenText: index === shotCount - 1 && shotCount > 1 ? closing : '',
    };
  });

  // The peak carries the sentence's own sounds; a short with no peak beat has them in its middle shot.
  const peakIndex = shots.findIndex((_, index) => beatsFor(index) === 'beat.peak');
  const heardShots = addSentenceSounds(shots, sentence, peakIndex >= 0 ? peakIndex : Math.floor(shotCount / 2));

  const plan = CreativePlan.parse({
    version: 1,
    language,
    title: shorten(title || phrase('title.fallback'), 60),
    feeling,
    mood: preset.mood,
    aspectRatio,
    totalSeconds: seconds.reduce((sum, value) => sum + value, 0),
    style: preset.name,
    protagonist: { useAvatar, description: phrase(protagonistKey) },
    shots: heardShots,
    script,
    negativePrompt: preset.negative,
    requestedModel: input.options.model ?? findRequestedModel(sentence) ?? previous?.requestedModel ?? null,
  });
  return { plan, planner: 'offline', notes };
}

export function createOfflinePlanner(): Planner {
  return {
    id: 'offline',
    plan: async (input) => buildOfflinePlan(input),
  };
}
