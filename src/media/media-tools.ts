import { join } from 'node:path';

/** Where the binaries and the CJK font live; every field has a default that suits Debian. */
export interface MediaToolOptions {
  /** ffmpeg binary. Default: `FFMPEG_PATH`, else `ffmpeg` on PATH. */
  ffmpegPath?: string;
  /** ffprobe binary. Default: `FFPROBE_PATH`, else `ffprobe` on PATH. */
  ffprobePath?: string;
  /**
   * Directory handed to libass as `fontsdir`; start-up checks the CJK font file is in it.
   * Default: `/usr/share/fonts/opentype/noto` (Debian's fonts-noto-cjk).
   */
  fontsDir?: string;
  /** Font family named in the ASS style. Default: `Noto Sans CJK SC` (simplified-Chinese glyph forms). */
  fontName?: string;
}

export interface MediaTools {
  ffmpegPath: string;
  ffprobePath: string;
  fontsDir: string;
  fontName: string;
}

export const DEFAULT_FONTS_DIR = '/usr/share/fonts/opentype/noto';
export const DEFAULT_FONT_NAME = 'Noto Sans CJK SC';
/** The file of `DEFAULT_FONT_NAME`'s bold face, whose presence start-up checks: it covers Chinese, Japanese and Korean. */
export const CJK_BOLD_FONT_FILE = 'NotoSansCJK-Bold.ttc';

export const INSTALL_HINT = 'apt-get install -y --no-install-recommends ffmpeg fonts-noto-cjk';

export function resolveMediaTools(options: MediaToolOptions = {}): MediaTools {
  return {
    ffmpegPath: options.ffmpegPath ?? nonEmpty(process.env.FFMPEG_PATH) ?? 'ffmpeg',
    ffprobePath: options.ffprobePath ?? nonEmpty(process.env.FFPROBE_PATH) ?? 'ffprobe',
    fontsDir: options.fontsDir ?? DEFAULT_FONTS_DIR,
    fontName: options.fontName ?? DEFAULT_FONT_NAME,
  };
}

export function cjkFontFile(tools: Pick<MediaTools, 'fontsDir'>): string {
  return join(tools.fontsDir, CJK_BOLD_FONT_FILE);
}

const nonEmpty = (value: string | undefined): string | undefined => (value === '' ? undefined : value);
