import { join } from 'node:path';
import type { ShotInput, VideoProvider } from '../ports/video-provider.ts';
import type { RenderJobData, ShotState } from './job-data.ts';
import type { PipelineContext } from './pipeline-context.ts';

/** What a shot's create receives, from the render job's data. */
function shotInputOf(data: RenderJobData, shot: ShotState, workDir: string): ShotInput {
  return {
    plan: data.plan,
    shotIndex: shot.index,
    avatar: data.plan.protagonist.useAvatar ? data.avatar : null,
    workDir,
    seconds: shot.seconds,
    previous: shot.previous ?? (shot.index === data.shots.length - 1 ? data.previous : null),
    instruction: data.instruction,
    take: data.generation,
  };
}

/**
 * One protagonist across shots: where the model starts from a picture and no avatar goes along,
 * a shot starts from the previous shot's last frame, so the person and the place carry over. That
 * shot can only be created once the previous one is downloaded ('wait'): the shots of such a
 * clip render one after another (slower) instead of side by side. A frame that cannot be read is
 * logged and the shot starts from words alone rather than failing the clip.
 */
export async function chainedInput(context: PipelineContext, data: RenderJobData, shot: ShotState, provider: VideoProvider, workDir: string): Promise<ShotInput | 'wait'> {
  const input = shotInputOf(data, shot, workDir);
  const before = data.shots[shot.index - 1];
  if (!before || !provider.wantsFirstFrame?.(input)) return input;
  if (before.file === null) return 'wait';
  const framePath = join(workDir, `shot-${shot.index}-first-frame.jpg`);
  try {
    await context.media.lastFrame(before.file, framePath);
    return { ...input, firstFrame: { path: framePath, mimeType: 'image/jpeg' } };
  } catch (error) {
    context.logger.warn({ err: error, requestId: data.request.id, shot: shot.index }, 'last-frame-failed');
    return input;
  }
}
