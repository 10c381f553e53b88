import { describe, expect, it } from 'vitest';
import { buildAssScript, neutralizeAssText, subtitleMetrics } from '../../../src/media/subtitle-file.ts';
import { textWidthEm, wrapText } from '../../../src/media/text-wrap.ts';

const layout = { width: 720, height: 1280, fontName: 'Noto Sans CJK SC' };
const dialogueTexts = (script: string): string[] =>
  script
    .split('\n')
    .filter((line) => line.startsWith('Dialogue:'))
    .map((line) => line.split(',').slice(9).join(','));

describe('wrapText', () => {
  it('breaks Chinese by character count, since it has no spaces', () => {
    const lines = wrapText('一二三四五六七八九十一二三四五', 11);
    expect(lines).toEqual(['一二三四五六七八九十一', '二三四五']);
  });

  it('breaks Latin at spaces and hard-splits a word longer than a line', () => {
    expect(wrapText('the quick brown fox jumps over', 10)).toEqual(['the quick brown', 'fox jumps over']);
    expect(wrapText('a'.repeat(30), 10).map((line) => line.length)).toEqual([17, 13]);
  });

  it('keeps closing punctuation off the start of a line and opening marks off the end', () => {
    const lines = wrapText('一二三四五六七八九十，「一二三」', 10);
    for (const line of lines) {
      expect(line).not.toMatch(/^[，」]/);
      expect(line).not.toMatch(/「$/);
    }
    expect(lines.join('')).toBe('一二三四五六七八九十，「一二三」');
  });

  it('never splits an emoji or a combined grapheme', () => {
    const family = '👨‍👩‍👧';
    expect(wrapText(family.repeat(12), 5).join('')).toBe(family.repeat(12));
    for (const line of wrapText(family.repeat(12), 5)) expect(line.length % family.length).toBe(0);
  });

  it('measures CJK and emoji as a full em, Latin as about half', () => {
    expect(textWidthEm('你好')).toBe(2);
    expect(textWidthEm('😀')).toBe(1);
    expect(textWidthEm('ab')).toBeCloseTo(1.16);
  });
});

describe('buildAssScript', () => {
  it('uses the frame as PlayRes and a bold outlined bottom-centre style in the given font', () => {
    const script = buildAssScript([{ startSeconds: 0, endSeconds: 1.5, text: 'hi' }], layout);
    expect(script).toContain('PlayResX: 720\nPlayResY: 1280');
    const style =
      script
        .split('\n')
        .find((line) => line.startsWith('Style:'))
        ?.split(',') ?? [];
    expect(style[1]).toBe('Noto Sans CJK SC');
    expect(style[7]).toBe('-1'); // bold
    expect(Number(style[16])).toBeGreaterThan(0); // outline
    expect(style[18]).toBe('2'); // bottom centre
    expect(script).toContain('Dialogue: 0,0:00:00.00,0:00:01.50,Default,,0,0,0,,hi');
  });

  it('keeps override braces and backslashes from becoming ASS tags', () => {
    const [text] = dialogueTexts(buildAssScript([{ startSeconds: 0, endSeconds: 1, text: '{\\b1}bold\\N' }], layout));
    expect(text).not.toMatch(/[{}\\]/);
    expect(neutralizeAssText('{a}\\b')).toBe('｛a｝＼b');
  });

  it('wraps long Chinese lines with \\N at the character count that fits the frame', () => {
    const { maxLineEm } = subtitleMetrics(layout);
    const [text] = dialogueTexts(buildAssScript([{ startSeconds: 0, endSeconds: 2, text: '新'.repeat(30) }], layout));
    const lines = text?.split('\\N') ?? [];
    expect(lines.length).toBe(Math.ceil(30 / Math.floor(maxLineEm)));
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(maxLineEm);
  });

  it('drops empty and zero-length cues and keeps newlines as line breaks', () => {
    const script = buildAssScript(
      [
        { startSeconds: 0, endSeconds: 1, text: '  ' },
        { startSeconds: 2, endSeconds: 2, text: 'zero' },
        { startSeconds: 3, endSeconds: 4, text: 'one\ntwo' },
      ],
      layout,
    );
    expect(dialogueTexts(script)).toEqual(['one\\Ntwo']);
  });
});
