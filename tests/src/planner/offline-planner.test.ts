import { describe, expect, it } from 'vitest';
import { CreativePlan } from '../../../src/domain/creative-plan.ts';
import { buildOfflinePlan } from '../../../src/planner/offline-planner.ts';
import { findInlineScript } from '../../../src/planner/read-request.ts';
import { findSounds } from '../../../src/prompts/sound-words.ts';
import type { PlannerInput } from '../../../src/ports/planner.ts';
import { plannerInput } from '../../helpers/requests.ts';

const avatar = { path: '/tmp/avatar.png', mimeType: 'image/png' };

function plan(sentence: string, extra: Partial<PlannerInput> = {}) {
  const script = extra.script !== undefined ? extra.script : (findInlineScript(sentence)?.text ?? null);
  return buildOfflinePlan(plannerInput(sentence, { script, avatar, ...extra })).plan;
}

describe('offline planner', () => {
  const table: {
    sentence: string;
    script?: string | null;
    expect: Partial<Pick<CreativePlan, 'language' | 'aspectRatio' | 'totalSeconds' | 'style'>> & { useAvatar?: boolean; scriptIncludes?: string };
  }[] = [
    {
      sentence: 'make this holiday text into a short with my avatar',
      script: 'Happy holidays! Stay warm.',
      expect: { language: 'en', aspectRatio: '9:16', style: 'greeting', useAvatar: true, scriptIncludes: 'Stay warm.' },
    },
    { sentence: 'a 15 seconds cinematic landscape video about the sea', expect: { totalSeconds: 15, aspectRatio: '16:9', style: 'cinematic', useAvatar: false } },
    { sentence: 'ASMR rain on a window, vertical, 8 sec', expect: { style: 'asmr', aspectRatio: '9:16', totalSeconds: 8 } },
    { sentence: 'anime style short of my avatar flying, square', expect: { style: 'anime', aspectRatio: '1:1', useAvatar: true } },
    { sentence: 'a documentary short, this text: The river remembers everything.', expect: { style: 'documentary', scriptIncludes: 'The river remembers everything.' } },
    {
      sentence: '把这段节日文字做成短视频，用我的头像，15秒竖屏',
      script: '新年快乐！愿你万事如意。',
      expect: { language: 'zh-Hans', totalSeconds: 15, aspectRatio: '9:16', style: 'greeting', useAvatar: true },
    },
    {
      sentence: '把這段文字做成電影感的橫屏短片，用我的頭像，二十秒',
      script: '聖誕快樂，願你平安喜樂。',
      expect: { language: 'zh-Hant', totalSeconds: 20, aspectRatio: '16:9', style: 'cinematic', useAvatar: true },
    },
    { sentence: '做一个解压ASMR视频，十秒，不用头像', expect: { language: 'zh-Hans', style: 'asmr', totalSeconds: 10, useAvatar: false } },
    { sentence: '这段文字：“月亮代表我的心”做成梦幻短片', expect: { style: 'dreamy', scriptIncludes: '月亮代表我的心' } },
  ];

  for (const row of table) {
    it(`reads "${row.sentence}"`, () => {
      const result = plan(row.sentence, row.script === undefined ? {} : { script: row.script });
      expect(() => CreativePlan.parse(result)).not.toThrow();
      const { useAvatar, scriptIncludes, ...fields } = row.expect;
      expect(result).toMatchObject(fields);
      if (useAvatar !== undefined) expect(result.protagonist.useAvatar).toBe(useAvatar);
      if (scriptIncludes) expect(result.script).toContain(scriptIncludes);
      expect(result.shots.length).toBeGreaterThanOrEqual(1);
      expect(result.shots.length).toBeLessThanOrEqual(4);
      const sum = result.shots.reduce((total, shot) => total + shot.seconds, 0);
      expect(sum).toBeCloseTo(result.totalSeconds, 5);
      for (const shot of result.shots) {
        expect(shot.camera.length).toBeGreaterThan(0);
        expect(shot.sound.ambience.length).toBeGreaterThan(0);
      }
    });
  }

  it('keeps the user script verbatim and speaks it across the shots', () => {
    const script = 'Line one: 100% "quoted" \\ back\'slash.\nSecond line!';
    const result = plan('make this into a short', { script });
    expect(result.script).toBe(script);
    const spoken = result.shots.map((shot) => shot.spoken?.line ?? '').join(' ');
    expect(spoken).toContain('Second line!');
  });

  it('is deterministic, and a variation changes the direction', () => {
    const first = plan('cinematic short about autumn leaves');
    expect(plan('cinematic short about autumn leaves')).toEqual(first);
    const varied = plan('cinematic short about autumn leaves', { variation: 1 });
    expect(varied.shots[0]?.camera).not.toBe(first.shots[0]?.camera);
  });

  it('hears the sounds the sentence names: one-off sounds in one shot, beds under all of them', () => {
    const heard = (sentence: string) => plan(sentence).shots.map((shot) => findSounds([...shot.sound.effects, shot.sound.ambience].join('\n')).map((sound) => sound.name));
    const kiwi = heard('a knife slicing a glass kiwi');
    expect(kiwi.filter((names) => names.includes('crunch') && names.includes('glass'))).toHaveLength(1);
    for (const sentence of ['rain on a window, 12 seconds', '窗外下雨的夜晚', 'lluvia en la ventana de la ciudad']) {
      const shots = heard(sentence);
      expect(shots.length, sentence).toBeGreaterThan(1);
      for (const names of shots) expect(names, sentence).toContain('rain');
    }
    // A sentence naming no sound keeps the style's own sound design.
    const quiet = plan('a snail crossing a leaf');
    expect(quiet.shots.map((shot) => shot.sound.effects.length)).toEqual(quiet.shots.map(() => 1));
  });

  it('does not use an avatar the user does not have', () => {
    expect(plan('a short with my avatar', { avatar: null }).protagonist.useAvatar).toBe(false);
  });

  it('plans in English for a language it cannot read, and says so', () => {
    const result = buildOfflinePlan(plannerInput('اصنع فيديو قصير عن البحر', { locale: 'ar' }));
    expect(result.plan.language).toBe('ar');
    expect(result.notes.map((note) => note.key)).toContain('note.language-fallback');
  });

  it('clamps absurd durations to what a short can be', () => {
    expect(plan('a 600 seconds video').totalSeconds).toBe(60);
    expect(plan('a 1 second video').totalSeconds).toBe(3);
  });
});
