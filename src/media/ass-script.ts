/** The ASS style fields, in the order every `Style:` line of ours lists them. */
const STYLE_FORMAT =
  'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding';

const EVENT_FORMAT = 'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text';

/**
 * An ASS script for libass: a frame of width×height script pixels (so sizes are in video pixels),
 * outlines scaled with it, then the given `Style:` and `Dialogue:` lines. `wrapStyle` 0 lets libass
 * wrap long lines; 2 keeps the breaks we made (CJK-aware) as they are.
 */
export function assScript(frame: { width: number; height: number; wrapStyle: 0 | 2 }, styles: readonly string[], events: readonly string[]): string {
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${frame.width}`,
    `PlayResY: ${frame.height}`,
    `WrapStyle: ${frame.wrapStyle}`,
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    STYLE_FORMAT,
    ...styles,
    '',
    '[Events]',
    EVENT_FORMAT,
    ...events,
    '',
  ].join('\n');
}
