import { runFfmpeg } from './ffmpeg-run.ts';
import type { MediaTools } from './media-tools.ts';

/**
 * The clip's last frame as a JPEG, full size: the next shot starts from it so the person and the
 * place carry over. `-sseof` seeks from the end (half a second covers the last GOP of any shot we
 * download) and `-update 1` keeps overwriting one file, so what remains is the final frame.
 */
export async function extractLastFrame(tools: MediaTools, inputPath: string, outputPath: string): Promise<void> {
  await runFfmpeg(tools.ffmpegPath, {
    inputs: [{ path: inputPath, options: ['-sseof', '-0.5'] }],
    outputOptions: ['-map', '0:v:0', '-q:v', '2', '-update', '1'],
    outputPath,
    durationSeconds: 0,
  });
}
