import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findArtwork, findSubjectAndSetting, loadArtworkWords } from '../../../src/prompts/artwork-words.ts';
import { PROMPTS_DIR } from '../../../src/prompts/prompts-dir.ts';
import { parseKeyValueText } from '../../../src/prompts/key-value-text.ts';

const shows = (sentence: string) => {
  const { subject, setting } = findSubjectAndSetting(sentence);
  return [subject?.id ?? null, setting?.id ?? null];
};

describe('artwork words', () => {
  it('names a few hundred things people ask for, each in English, Chinese (both scripts) and Spanish', () => {
    const entries = loadArtworkWords();
    expect(entries.length).toBeGreaterThanOrEqual(200);
    for (const entry of entries) expect(Object.keys(entry.words).sort(), entry.id).toEqual(['en', 'es', 'zh', 'zh-Hant']);
  });

  const table: [sentence: string, subject: string | null, setting: string | null][] = [
    ['a snail crossing a leaf', 'snail', 'leaf'],
    ['a knife slicing a glass kiwi', 'kiwi', null],
    ['two puppies playing on the beach', 'dog', 'beach'],
    ['foxes in the snow', 'fox', 'snow'],
    ['a panda eating bamboo in the forest', 'panda', 'forest'],
    ['an astronaut floating in space', 'astronaut', 'stars'],
    ['my grandma baking cookies at Christmas', 'grandmother', 'christmas'],
    ['a hot dog stand on a rainy street', 'hot-dog', 'rain'],
    ['ice cream melting in the sun', 'ice-cream', 'sun'],
    ['a dragon flying over a volcano', 'dragon', 'volcano'],
    ['a train crossing a bridge at night', 'train', 'bridge'],
    ['butterflies over a field of sunflowers', 'butterfly', 'farm'],
    ['scattered thoughts about nothing', null, null],
    ['a grandpa fishing on a lake at dawn', 'grandfather', 'lake'],
    ['a tiny island with one palm tree', null, 'island'],
    ['un caracol cruzando una hoja', 'snail', 'leaf'],
    ['dos dragones sobre el mar', 'dragon', 'sea'],
    ['peces nadando en el océano', 'fish', 'sea'],
    ['un gato durmiendo bajo la lluvia', 'cat', 'rain'],
    ['un muñeco de nieve en la montaña', 'snowman', 'mountain'],
    ['mi abuela cocinando en Navidad', 'grandmother', 'christmas'],
    ['un perrito caliente en la playa', 'hot-dog', 'beach'],
    ['一只蜗牛爬过树叶', 'snail', 'leaf'],
    ['熊猫在森林里', 'panda', 'forest'],
    ['猫头鹰在月光下', 'owl', 'moon'],
    ['雪人在圣诞树旁边', 'snowman', 'christmas'],
    ['海豚在大海里跳', 'dolphin', 'sea'],
    ['北极熊在冰山上', 'polar-bear', 'ice'],
    ['一隻鯨魚游過大海', 'whale', 'sea'],
    ['熊貓在森林裡', 'panda', 'forest'],
    ['太空人看著地球', 'astronaut', 'earth'],
  ];
  for (const [sentence, subject, setting] of table) {
    it(`shows "${sentence}" as ${subject ?? 'no subject'} over ${setting ?? 'no setting'}`, () => {
      expect(shows(sentence)).toEqual([subject, setting]);
    });
  }

  it('finds every word of the list as its own entry: no word is swallowed by a longer one', () => {
    const strays = loadArtworkWords().flatMap((entry) =>
      Object.values(entry.words)
        .flat()
        .filter((word) => findArtwork(word)[0]?.item.id !== entry.id)
        .map((word) => `${entry.id}: ${word}`),
    );
    expect(strays).toEqual([]);
  });

  it('finds nothing in the offline planner’s own phrases, which end up in every plan', () => {
    for (const language of ['en', 'zh', 'zh-Hant', 'es']) {
      const file = join(PROMPTS_DIR, 'offline', `${language}.txt`);
      const { version, ...phrases } = parseKeyValueText(readFileSync(file, 'utf8'), file);
      expect(version).toBe('1');
      for (const [key, phrase] of Object.entries(phrases)) {
        expect(findArtwork(phrase.replace(/\{\w+\}/g, ' ')).map((match) => match.item.id), `${language} ${key}`).toEqual([]);
      }
    }
  });
});
