import type { Config } from '../config/config-schema.ts';
import type { Media } from '../ports/media.ts';
import type { VideoProvider } from '../ports/video-provider.ts';
import { createLocalVideoProvider } from '../providers/local/local-video-provider.ts';

/**
 * Every provider whose credentials are configured, plus the always-available local renderer.
 * VIDEO_PROVIDER=auto picks the first configured remote one, else `local`.
 */
export function selectProviders(config: Config, media: Media): { providers: Map<string, VideoProvider>; defaultProviderId: string } {
  const local = createLocalVideoProvider({ media });
  const providers = new Map<string, VideoProvider>([[local.id, local]]);
  const wanted = config.VIDEO_PROVIDER === 'auto' ? 'local' : config.VIDEO_PROVIDER;
  if (!providers.has(wanted)) {
    throw new Error(`VIDEO_PROVIDER=${wanted} is not available yet in this build; use local or auto.`);
  }
  return { providers, defaultProviderId: wanted };
}
