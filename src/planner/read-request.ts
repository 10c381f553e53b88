import type { AspectRatio } from '../domain/creative-plan.ts';

/**
 * Pure readers that pull intent out of a casual sentence, in English and Chinese (Simplified and
 * Traditional). They never throw: whatever they cannot find is null and the planner decides.
 */

/** Inline script markers: "this text: …", "这段文字：…", "這段文字：…". */
const INLINE_SCRIPT = /(?:this text|the text|text|this message|script|这段文字|這段文字|这段话|這段話|文字|内容|內容|文案)\s*[:：]\s*([\s\S]+)$/i;
/** Quoted text long enough to be a script rather than a word in quotes. */
const QUOTED = /["“«「『]([^"”»」』]{4,})["”»」』]/;

export function findInlineScript(sentence: string): { text: string; source: 'inline' | 'quote' } | null {
  const inline = INLINE_SCRIPT.exec(sentence);
  if (inline?.[1]?.trim()) return { text: inline[1].trim(), source: 'inline' };
  const quoted = QUOTED.exec(sentence);
  if (quoted?.[1]?.trim()) return { text: quoted[1].trim(), source: 'quote' };
  return null;
}

const AVATAR_NEGATED =
  /\b(without|no|not|don'?t use)\s+(my\s+)?(avatar|profile (pic|picture|photo)|pfp|face|photo)\b|不用(我的)?(头像|頭像|照片)|不要(我的)?(头像|頭像|照片)|别用(头像|頭像)|別用(头像|頭像)/i;
const AVATAR_WANTED =
  /\b(my|with me|of me)\b[^.!?。！？]{0,12}\b(avatar|profile (pic|picture|photo)|pfp|face|photo|selfie|picture)\b|\bstarring me\b|\bwith me in it\b|(我的|用我|我)(头像|頭像|照片|自拍|样子|樣子)|我本人/i;

/** true = use it, false = explicitly not, null = not mentioned. */
export function findAvatarWish(sentence: string): boolean | null {
  if (AVATAR_NEGATED.test(sentence)) return false;
  if (AVATAR_WANTED.test(sentence)) return true;
  return null;
}

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "十五" → 15, "二十" → 20, "三十五" → 35; digits pass through. */
export function parseChineseNumber(text: string): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const [tensText, onesText] = text.includes('十') ? text.split('十') : ['', text];
  const tens = text.includes('十') ? (tensText === '' ? 1 : CHINESE_DIGITS[tensText ?? '']) : 0;
  const ones = onesText === '' ? 0 : CHINESE_DIGITS[onesText ?? ''];
  if (tens === undefined || ones === undefined) return null;
  return tens * 10 + ones;
}

export function findSeconds(sentence: string): number | null {
  const english = /(\d+(?:\.\d+)?)\s*-?\s*(?:s|sec|secs|second|seconds)\b/i.exec(sentence);
  if (english?.[1]) return Number(english[1]);
  const minutes = /(\d+(?:\.\d+)?|one|a|half a)\s*-?\s*(?:min|mins|minute|minutes)\b/i.exec(sentence);
  if (minutes?.[1]) {
    const word = minutes[1].toLowerCase();
    return word === 'one' || word === 'a' ? 60 : word === 'half a' ? 30 : Number(word) * 60;
  }
  if (/半分钟|半分鐘/.test(sentence)) return 30;
  if (/一分钟|一分鐘/.test(sentence)) return 60;
  const chinese = /([\d零一二两兩三四五六七八九十]+)\s*秒/.exec(sentence);
  if (chinese?.[1]) return parseChineseNumber(chinese[1]);
  return null;
}

export function findAspectRatio(sentence: string): AspectRatio | null {
  if (/\b(vertical|portrait|9\s*:\s*16|tiktok|reels?|stories)\b|竖屏|豎屏|竖版|豎版|竖向|豎向/i.test(sentence)) return '9:16';
  if (/\b(landscape|horizontal|widescreen|16\s*:\s*9|youtube)\b|横屏|橫屏|横版|橫版|宽屏|寬屏/i.test(sentence)) return '16:9';
  if (/\b(square|1\s*:\s*1)\b|方形|正方/i.test(sentence)) return '1:1';
  return null;
}

/** The preset whose keyword appears first in the sentence, so "cinematic ASMR" picks cinematic. */
export function findStyle(text: string, presets: Iterable<{ name: string; keywords: string[] }>): string | null {
  const lower = text.toLowerCase();
  let best: { name: string; index: number } | null = null;
  for (const preset of presets) {
    for (const keyword of preset.keywords) {
      const index = lower.search(keywordPattern(keyword));
      if (index >= 0 && (best === null || index < best.index)) best = { name: preset.name, index };
    }
  }
  return best?.name ?? null;
}

/** Latin keywords match whole words ("doc" not in "docker"); CJK ones anywhere. */
export function keywordPattern(keyword: string, flags = ''): RegExp {
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return /^\p{ASCII}+$/u.test(keyword) ? new RegExp(`\\b${escaped}\\b`, flags) : new RegExp(escaped, flags);
}

// Characters that exist in only one of the two scripts; enough of them to vote reliably, including
// the animals, weather and places people name (a Traditional sentence may hold no common function word).
const SIMPLIFIED_ONLY =
  '这个们来说时会对为与学书电节乐爱圣诞头发见视频让给请长门开关过还进实现点们样从东车书马鸟鱼语话读写红绿万岁岁农历猫觉鲸龙鸭鸡鹅猪飞机云风阳灯笼树叶虫蚁鹰狮气汤饭饺虾礼戏欢梦远难岛桥楼园医师动画国图馆体场庙厅钱钟铃钻宝剑伞钥镜边么极着';
const TRADITIONAL_ONLY =
  '這個們來說時會對為與學書電節樂愛聖誕頭髮見視頻讓給請長門開關過還進實現點們樣從東車書馬鳥魚語話讀寫紅綠萬歲歲農曆貓覺鯨龍鴨雞鵝豬飛機雲風陽燈籠樹葉蟲蟻鷹獅氣湯飯餃蝦禮戲歡夢遠難島橋樓園醫師動畫國圖館體場廟廳錢鐘鈴鑽寶劍傘鑰鏡邊麼極隻裡麵';

// Latin-script languages share letters, so their small words vote: a casual sentence always has some.
const SPANISH_WORDS = /(?<!\p{L})(el|la|los|las|un|una|unos|unas|del|al|que|con|por|para|y|sobre|muy|mi|su|hacia|cruzando|en)(?!\p{L})|[ñ¿¡]/giu;
const ENGLISH_WORDS = /(?<!\p{L})(the|a|an|of|and|with|on|in|to|is|my|for|into|about|over|across)(?!\p{L})/giu;

/** Spanish when its small words outvote English ones; else null (the locale decides). */
function latinLanguage(text: string): string | null {
  const spanish = text.match(SPANISH_WORDS)?.length ?? 0;
  const english = text.match(ENGLISH_WORDS)?.length ?? 0;
  return spanish >= 2 && spanish > english ? 'es' : null;
}

/** A language tag for the user's words: 'zh-Hans', 'zh-Hant', 'ja', 'ko', 'ar', 'he', 'ru', 'es', 'en' … */
export function detectLanguage(text: string, fallbackLocale: string): string {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const kana = text.match(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  if (kana > 0) return 'ja';
  if (han > 0) {
    let simplified = 0;
    let traditional = 0;
    for (const char of text) {
      if (SIMPLIFIED_ONLY.includes(char)) simplified += 1;
      if (TRADITIONAL_ONLY.includes(char)) traditional += 1;
    }
    if (traditional > simplified) return 'zh-Hant';
    if (simplified > traditional) return 'zh-Hans';
    return /zh[-_](tw|hk|mo|hant)/i.test(fallbackLocale) ? 'zh-Hant' : 'zh-Hans';
  }
  const scripts: [RegExp, string][] = [
    [/\p{Script=Hangul}/u, 'ko'],
    [/\p{Script=Arabic}/u, 'ar'],
    [/\p{Script=Hebrew}/u, 'he'],
    [/\p{Script=Cyrillic}/u, 'ru'],
    [/\p{Script=Thai}/u, 'th'],
    [/\p{Script=Devanagari}/u, 'hi'],
  ];
  for (const [pattern, language] of scripts) if (pattern.test(text)) return language;
  const latin = latinLanguage(text);
  if (latin) return latin;
  const base = fallbackLocale.split(/[-_]/)[0]?.toLowerCase() ?? 'en';
  return base === 'zh' ? 'en' : base || 'en';
}

/** A model named in the sentence ("with Kling", "用可灵"), as a lower-case family name. */
export function findRequestedModel(sentence: string): string | null {
  const families: [RegExp, string][] = [
    [/\bkling\b|可灵|可靈/i, 'kling'],
    [/\bseedance\b|\bjimeng\b|即梦|即夢/i, 'seedance'],
    [/\bhailuo\b|\bminimax\b|海螺/i, 'hailuo'],
    [/\bpika\b/i, 'pika'],
    [/\brunway\b/i, 'runway'],
    [/\bveo\b/i, 'veo'],
    [/\bomni\b|\bgemini\b/i, 'omni'],
    [/\bwan\b|万相|萬相/i, 'wan'],
    [/\bltx\b/i, 'ltx'],
  ];
  for (const [pattern, family] of families) if (pattern.test(sentence)) return family;
  return null;
}
