/** The ASS style fields, in the order every `Style:` line of ours lists them. */
const STYLE_FORMAT =
  'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding';

/**
 * The head of an ASS script for libass, up to and including the styles' format line: a frame of
 * width×height script pixels (so sizes are in video pixels) and outlines scaled with it.
 * `wrapStyle` 0 lets libass wrap long lines; 2 keeps the breaks we made (CJK-aware) as they are.
 */
export function assHeader(width: number, height: number, wrapStyle: 0 | 2): string[] {
  return ['[Script Info]', 'ScriptType: v4.00+', `PlayResX: ${width}`, `PlayResY: ${height}`, `WrapStyle: ${wrapStyle}`, 'ScaledBorderAndShadow: yes', '', '[V4+ Styles]', STYLE_FORMAT];
}
