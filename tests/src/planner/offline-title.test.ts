import { describe, expect, it } from 'vitest';
import { buildOfflinePlan } from '../../../src/planner/offline-planner.ts';
import { plannerInput } from '../../helpers/requests.ts';

function planFor(sentence: string, variation = 0) {
  return buildOfflinePlan(plannerInput(sentence, { variation })).plan;
}

/** The sentence's words (or, for Chinese, its characters) in order. */
const wordsOf = (text: string, language: string): string[] => (language.startsWith('zh') ? [...text.replace(/[\s，。]/g, '')] : (text.toLowerCase().match(/[\p{L}']+/gu) ?? []));

/** True when `title` is `sentence` with some words cut out: its words appear in the sentence, in order. */
function isSentenceMinusWords(title: string, sentence: string, language: string): boolean {
  const sentenceWords = wordsOf(sentence, language);
  let cursor = 0;
  for (const word of wordsOf(title, language)) {
    cursor = sentenceWords.indexOf(word, cursor);
    if (cursor < 0) return false;
    cursor += 1;
  }
  return true;
}

const SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'of', 'at', 'in', 'on', 'to', 'from', 'by', 'for', 'or']);
const isTitleCase = (title: string): boolean => title.split(' ').every((word, index) => (index > 0 && SMALL_WORDS.has(word)) || /^[\p{Lu}\d]/u.test(word));

describe('offline titles', () => {
  const table = [
    { sentence: 'a snail crossing a leaf', language: 'en', subject: 'snail' },
    { sentence: 'a knife slicing a glass kiwi', language: 'en', subject: 'kiwi' },
    { sentence: 'an owl watching the moon, dreamy', language: 'en', subject: 'owl' },
    { sentence: 'make a short about my cat sleeping in the rain', language: 'en', subject: 'cat' },
    { sentence: '一只蜗牛爬过树叶', language: 'zh-Hans', subject: '蜗牛' },
    { sentence: '做一个小猫在雪里玩的视频', language: 'zh-Hans', subject: '猫' },
    { sentence: '一隻鯨魚游過大海', language: 'zh-Hant', subject: '鯨魚' },
    { sentence: 'un caracol cruzando una hoja', language: 'es', subject: 'caracol' },
    { sentence: 'una ballena en el mar al atardecer', language: 'es', subject: 'ballena' },
    { sentence: 'two puppies playing on the beach', language: 'en', subject: 'dog' },
    { sentence: 'my grandma baking cookies at Christmas', language: 'en', subject: 'grandma' },
    { sentence: 'ice cream melting in the sun', language: 'en', subject: 'ice cream' },
    { sentence: 'a train crossing a bridge at night', language: 'en', subject: 'train' },
    { sentence: 'rain on a window, asmr', language: 'en', subject: 'rain' },
    { sentence: 'happy birthday to my best friend', language: 'en', subject: 'party' },
    { sentence: 'un gato durmiendo bajo la lluvia', language: 'es', subject: 'gato' },
    { sentence: 'las uvas en la mesa de la abuela', language: 'es', subject: 'uvas' },
    { sentence: 'dos dragones sobre el mar', language: 'es', subject: 'dragón' },
    { sentence: 'una fiesta de cumpleaños para mi hermana', language: 'es', subject: 'fiesta' },
    { sentence: '熊猫在森林里吃竹子', language: 'zh-Hans', subject: '熊猫' },
    { sentence: '北极熊在冰山上', language: 'zh-Hans', subject: '北极熊' },
    { sentence: '下雨天的城市', language: 'zh-Hans', subject: '雨' },
    { sentence: '熊貓在森林裡睡覺', language: 'zh-Hant', subject: '熊貓' },
    { sentence: '一隻小貓在雪地裡玩', language: 'zh-Hant', subject: '貓' },
  ];

  for (const row of table) {
    it(`titles "${row.sentence}" as a person would`, () => {
      for (const variation of [0, 1]) {
        const plan = planFor(row.sentence, variation);
        expect(plan.language).toBe(row.language);
        const { title } = plan;
        expect(title.toLowerCase()).toContain(row.subject);
        expect([...title].length).toBeLessThanOrEqual(40);
        expect(isSentenceMinusWords(title, row.sentence, row.language), title).toBe(false);
        if (row.language === 'en') expect(isTitleCase(title), title).toBe(true);
        else expect(title.charAt(0)).toBe(title.charAt(0).toUpperCase());
      }
    });
  }

  it('reads the worked examples from the issue', () => {
    const titles = (sentence: string) => [0, 1, 2, 3].map((variation) => planFor(sentence, variation).title);
    expect(titles('a snail crossing a leaf')).toContain('The Snail and the Leaf');
    expect(titles('a snail crossing a leaf')).toContain("A Snail's Long Journey");
    expect(titles('un caracol cruzando una hoja')).toContain('El largo viaje del caracol');
    expect(titles('一只蜗牛爬过树叶')).toContain('蜗牛的远行');
  });

  it('speaks of people by name and of things as things, in English', () => {
    const titles = (sentence: string) => [0, 1, 2, 3].map((variation) => planFor(sentence, variation).title);
    const grandma = titles('my grandma baking cookies at Christmas');
    expect(grandma).toContain("Grandma's Little Adventure");
    expect(grandma).toContain('Grandma and Christmas');
    for (const title of grandma) expect(title).not.toMatch(/\b(the|a) (grandma|christmas)\b/i);
    for (const sentence of ['ice cream melting in the sun', 'a train crossing a bridge at night', 'an owl watching the moon, dreamy']) {
      for (const title of titles(sentence)) expect(title).not.toMatch(/\bwho\b/i);
    }
    expect(titles('las uvas en la mesa')).toContain('La gran hazaña de las uvas');
  });

  it('gives a sentence with only a setting more than one title to vary between', () => {
    for (const sentence of ['rain on a window, asmr', '下雨天的城市', 'una fiesta de cumpleaños']) {
      expect(new Set([0, 1, 2].map((variation) => planFor(sentence, variation).title)).size, sentence).toBe(3);
    }
  });

  it('names a sentence without a known subject by its mood, not by its words', () => {
    const plan = planFor('something nice for tonight');
    expect(isSentenceMinusWords(plan.title, 'something nice for tonight', 'en')).toBe(false);
    expect(isTitleCase(plan.title)).toBe(true);
  });

  it('keeps the script’s own first line as the title when there is a script', () => {
    const plan = buildOfflinePlan(plannerInput('make this into a short', { script: 'Happy birthday, Mum! Love you.' })).plan;
    expect(plan.title).toBe('Happy birthday, Mum!');
  });
});
