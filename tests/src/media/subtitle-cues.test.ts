import { describe, expect, it } from 'vitest';
import { subtitleCuesForScript } from '../../../src/media/subtitle-cues.ts';

const texts = (script: string): string[] => subtitleCuesForScript(script, 10).map((cue) => cue.text);

describe('subtitleCuesForScript', () => {
  it.each([
    ['', []],
    ['   \n  ', []],
    ['Happy new year!', ['Happy new year!']],
    ['Happy new year! May all your wishes come true.', ['Happy new year!', 'May all your wishes come true.']],
    ['Pi is 3.14, roughly. Right?', ['Pi is 3.14, roughly.', 'Right?']],
    ['He said "stop!" and left.', ['He said "stop!"', 'and left.']],
    ['Line one\nLine two', ['Line one', 'Line two']],
    ['Wait... what', ['Wait...', 'what']],
    ['新年快乐！万事如意。', ['新年快乐！', '万事如意。']],
    ['你好吗？我很好', ['你好吗？', '我很好']],
    ['他说：“你好。”然后走了。', ['他说：“你好。”', '然后走了。']],
    ['第一行\n第二行', ['第一行', '第二行']],
    // Too long for one cue (> 20 em): cut at the clause marks, then packed back up to the limit.
    ['祝你在新的一年里身体健康，工作顺利，家庭幸福，万事如意，心想事成，年年有余', ['祝你在新的一年里身体健康，工作顺利，', '家庭幸福，万事如意，心想事成，年年有余']],
    ['Wishing you health, happiness and lots of laughter, in the brand new year ahead of us', ['Wishing you health,', 'happiness and lots of laughter,', 'in the brand new year ahead of us']],
  ])('%j', (script, expected) => {
    expect(texts(script)).toEqual(expected);
  });

  it('splits an unpunctuated run of Chinese by width', () => {
    const cues = texts('一二三四五六七八九十'.repeat(5));
    expect(cues.length).toBeGreaterThan(2);
    expect(cues.join('')).toBe('一二三四五六七八九十'.repeat(5));
    for (const cue of cues) expect([...cue].length).toBeLessThanOrEqual(20);
  });

  it('covers the whole duration, in order, with time proportional to length', () => {
    const cues = subtitleCuesForScript('短。这一句要长得多得多得多。', 9);
    expect(cues[0]?.startSeconds).toBe(0);
    expect(cues.at(-1)?.endSeconds).toBe(9);
    for (let index = 1; index < cues.length; index += 1) expect(cues[index]?.startSeconds).toBeCloseTo(cues[index - 1]?.endSeconds ?? -1, 9);
    const [short, long] = cues.map((cue) => cue.endSeconds - cue.startSeconds);
    expect(long! / short!).toBeCloseTo(12 / 2, 5);
  });
});
