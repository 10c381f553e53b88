/**
 * Output settings shared by every encode, so shots, assembled clips and fitted clips agree and
 * xfade never meets two different frame rates.
 */

/** Veo delivers 24 fps, so normalising to 24 leaves provider shots untouched in time. */
export const OUTPUT_FPS = 24;

/**
 * H.264 High yuv420p. veryfast by default: on 2 cores medium costs 1.8–2.4× the time for ≤ 0.9 dB
 * (media.md §4). ultrafast suits intermediates that are encoded again anyway: at a lower CRF it
 * keeps their quality for less encode and decode time than superfast.
 */
export function h264Args(preset: 'veryfast' | 'ultrafast' = 'veryfast'): string[] {
  return ['-c:v', 'libx264', '-preset', preset, '-profile:v', 'high', '-pix_fmt', 'yuv420p'];
}

/** The one audio shape inside every graph: 48 kHz stereo float, so mixes never meet mismatched inputs. */
export const AUDIO_FORMAT = 'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';

/**
 * A lighter motion search (diamond, subpel 1) on top of veryfast, for the local storyboard: its
 * gradients, artwork and text barely move, so a 15 s 720x1280 short encodes with ~30 % less CPU
 * for 0.16 dB less SSIM (0.9907 against 0.9910) and a slightly smaller file.
 */
export const LIGHT_MOTION_SEARCH_ARGS = ['-x264-params', 'me=dia:subme=1'];

export const AAC_ARGS = ['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2'];

/** The moov atom up front lets Discord and Telegram start playback before the download ends. */
export const FASTSTART_ARGS = ['-movflags', '+faststart'];
