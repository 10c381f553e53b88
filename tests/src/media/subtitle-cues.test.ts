import { describe, expect, it } from 'vitest';
import { subtitleCuesForScript, subtitleCuesForShots } from '../../../src/media/subtitle-cues.ts';

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

describe('subtitleCuesForShots', () => {
  it('moves each cue into its shot’s real stretch of the assembled clip', () => {
    // Planned 2 s + 4 s; delivered 3 s + 8 s with a 0.5 s crossfade: shot 2 shows from 2.5 s to 10.5 s.
    const cues = subtitleCuesForShots('一二。三四。五六。', { plannedSeconds: [2, 4], durations: [3, 8], fadeSeconds: 0.5 });
    expect(cues.map((cue) => [cue.text, cue.startSeconds, cue.endSeconds])).toEqual([
      ['一二。', 0, 2.5],
      ['三四。', 2.5, 6.5],
      ['五六。', 6.5, 10.5],
    ]);
  });

  it('matches the plan when the provider delivered what was asked', () => {
    const planned = subtitleCuesForScript('新年快乐。万事如意。', 8);
    const cues = subtitleCuesForShots('新年快乐。万事如意。', { plannedSeconds: [4, 4], durations: [4.3, 4], fadeSeconds: 0.3 });
    cues.forEach((cue, index) => {
      expect(cue.startSeconds).toBeCloseTo(planned[index]?.startSeconds ?? -1, 9);
      expect(cue.endSeconds).toBeCloseTo(planned[index]?.endSeconds ?? -1, 9);
    });
  });
});
