import type { Config } from '../config/config-schema.ts';
import type { Media } from '../ports/media.ts';
import type { VideoProvider } from '../ports/video-provider.ts';
import { createLocalVideoProvider } from '../providers/local/local-video-provider.ts';
import { createOmniProvider, OMNI_PROVIDER_ID } from '../providers/omni/omni-provider.ts';
import { createVeoProvider, VEO_PROVIDER_ID } from '../providers/veo/veo-provider.ts';

export type VideoProviderId = 'omni' | 'veo' | 'local';

/** Which remote providers have credentials: Omni on a Gemini API key, Veo on Vertex. */
export function configuredProviderIds(config: Config): VideoProviderId[] {
  const ids: VideoProviderId[] = [];
  if (config.GEMINI_API_KEY) ids.push(OMNI_PROVIDER_ID);
  if (config.VERTEX_API_KEY || config.GOOGLE_CLOUD_PROJECT) ids.push(VEO_PROVIDER_ID);
  return ids;
}

/** VIDEO_PROVIDER resolved: `auto` is the first remote provider with credentials, else `local`. */
export function resolveVideoProviderId(config: Config): VideoProviderId {
  if (config.VIDEO_PROVIDER !== 'auto') return config.VIDEO_PROVIDER;
  return configuredProviderIds(config)[0] ?? 'local';
}

const MISSING: Record<Exclude<VideoProviderId, 'local'>, string> = {
  omni: 'VIDEO_PROVIDER=omni needs GEMINI_API_KEY (a Gemini API key from Google AI Studio).',
  veo: 'VIDEO_PROVIDER=veo needs VERTEX_API_KEY (Vertex express mode) or GOOGLE_CLOUD_PROJECT with Application Default Credentials.',
};

/**
 * Every provider whose credentials are configured, plus the always-available local renderer, so a
 * plan naming a model and the fallback chain can both reach them. VIDEO_PROVIDER picks the default;
 * VIDEO_FALLBACKS (configured ones only) are tried in order when the default is down.
 */
export function selectProviders(
  config: Config,
  media: Media,
): { providers: Map<string, VideoProvider>; defaultProviderId: string; fallbackProviderIds: string[] } {
  const local = createLocalVideoProvider({ media });
  const providers = new Map<string, VideoProvider>([[local.id, local]]);
  const timeouts = {
    pollIntervalMs: config.VIDEO_POLL_INTERVAL_MS,
    createTimeoutMs: config.VIDEO_CREATE_TIMEOUT_MS,
    statusTimeoutMs: config.VIDEO_STATUS_TIMEOUT_MS,
  };
  const configured = configuredProviderIds(config);
  if (config.GEMINI_API_KEY && configured.includes(OMNI_PROVIDER_ID)) {
    providers.set(OMNI_PROVIDER_ID, createOmniProvider({
      apiKey: config.GEMINI_API_KEY,
      baseUrl: config.GEMINI_BASE_URL,
      model: config.OMNI_MODEL,
      apiVersion: config.OMNI_API_VERSION,
      sendAvatarImage: config.SEND_AVATAR_IMAGES,
      downloadTimeoutMs: config.VIDEO_DOWNLOAD_TIMEOUT_MS,
      ...timeouts,
    }));
  }
  if (configured.includes(VEO_PROVIDER_ID)) {
    providers.set(VEO_PROVIDER_ID, createVeoProvider({
      apiKey: config.VERTEX_API_KEY,
      project: config.GOOGLE_CLOUD_PROJECT,
      location: config.GOOGLE_CLOUD_LOCATION,
      baseUrl: config.VERTEX_BASE_URL,
      model: config.VEO_MODEL,
      sendAvatarImage: config.SEND_AVATAR_IMAGES,
      ...timeouts,
      // A finished Veo poll carries the whole video inline: give it the download's budget.
      statusTimeoutMs: Math.max(config.VIDEO_STATUS_TIMEOUT_MS, config.VIDEO_DOWNLOAD_TIMEOUT_MS),
    }));
  }
  const wanted = resolveVideoProviderId(config);
  if (!providers.has(wanted)) throw new Error(wanted === 'local' ? 'the local renderer is missing' : MISSING[wanted]);
  const fallbackProviderIds = [...new Set(config.VIDEO_FALLBACKS)].filter((id) => id !== wanted && providers.has(id));
  return { providers, defaultProviderId: wanted, fallbackProviderIds };
}
