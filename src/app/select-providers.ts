import type { Redis } from 'ioredis';
import type { Config } from '../config/config-schema.ts';
import { configuredModels, googleModelIds, videoModelRow } from '../models/model-catalogue.ts';
import type { ModelRow } from '../models/model-types.ts';
import type { Media } from '../ports/media.ts';
import type { VideoProvider } from '../ports/video-provider.ts';
import { createFalProvider, FAL_PROVIDER_ID } from '../providers/fal/fal-provider.ts';
import { createLocalVideoProvider } from '../providers/local/local-video-provider.ts';
import { createOmniProvider, OMNI_PROVIDER_ID } from '../providers/omni/omni-provider.ts';
import { createRunwayProvider, RUNWAY_PROVIDER_ID } from '../providers/runway/runway-provider.ts';
import { createVeoProvider, VEO_PROVIDER_ID } from '../providers/veo/veo-provider.ts';
import { createWebhookInbox } from '../store/webhook-inbox.ts';

export type VideoProviderId = 'omni' | 'veo' | 'fal' | 'runway' | 'local';

/** Which remote providers have credentials: Omni on a Gemini API key, Veo on Vertex, fal, Runway. */
export function configuredProviderIds(config: Config): VideoProviderId[] {
  const ids: VideoProviderId[] = [];
  if (config.GEMINI_API_KEY) ids.push(OMNI_PROVIDER_ID);
  if (config.VERTEX_API_KEY || config.GOOGLE_CLOUD_PROJECT) ids.push(VEO_PROVIDER_ID);
  if (config.FAL_KEY) ids.push(FAL_PROVIDER_ID);
  if (config.RUNWAY_API_KEY) ids.push(RUNWAY_PROVIDER_ID);
  return ids;
}

/**
 * VIDEO_PROVIDER resolved: `auto` is VIDEO_MODEL's provider when it names a model, else the first
 * remote provider with credentials (Omni, Veo, fal, Runway), else `local`.
 */
export function resolveVideoProviderId(config: Config): VideoProviderId {
  const chosen = videoModelRow(config);
  if (config.VIDEO_PROVIDER !== 'auto') {
    if (chosen && chosen.providerId !== config.VIDEO_PROVIDER) {
      throw new Error(`VIDEO_MODEL=${chosen.key} runs on "${chosen.providerId}", but VIDEO_PROVIDER=${config.VIDEO_PROVIDER}: set VIDEO_PROVIDER=auto or pick a ${config.VIDEO_PROVIDER} model.`);
    }
    return config.VIDEO_PROVIDER;
  }
  if (chosen) return chosen.providerId as VideoProviderId;
  return configuredProviderIds(config)[0] ?? 'local';
}

const MISSING: Record<Exclude<VideoProviderId, 'local'>, string> = {
  omni: 'VIDEO_PROVIDER=omni needs GEMINI_API_KEY (a Gemini API key from Google AI Studio).',
  veo: 'VIDEO_PROVIDER=veo needs VERTEX_API_KEY (Vertex express mode) or GOOGLE_CLOUD_PROJECT with Application Default Credentials.',
  fal: 'The fal models need FAL_KEY (fal.ai dashboard → Keys).',
  runway: 'The Runway models need RUNWAY_API_KEY (dev.runwayml.com → API keys).',
};

/** Optional parts a multi-process deployment needs: the webhook inbox lives in Redis. */
export interface SelectProvidersExtras {
  /** The producer connection; with PUBLIC_URL it carries fal's webhook records. */
  redis?: Redis;
}

/** A multi-model route's rows and default: VIDEO_MODEL when it is one of them, else the first. */
function routeModels(config: Config, providerId: string): { models: ModelRow[]; defaultModel: ModelRow } | null {
  const models = configuredModels(config).filter((row) => row.providerId === providerId);
  const chosen = videoModelRow(config);
  const defaultModel = chosen?.providerId === providerId ? chosen : models[0];
  return defaultModel ? { models, defaultModel } : null;
}

/**
 * Every provider whose credentials are configured, plus the always-available local renderer, so a
 * plan naming a model and the fallback chain can both reach them. VIDEO_PROVIDER / VIDEO_MODEL pick
 * the default; VIDEO_FALLBACKS (configured ones only) are tried in order when the default is down.
 */
export function selectProviders(config: Config, media: Media, extras: SelectProvidersExtras = {}): { providers: Map<string, VideoProvider>; defaultProviderId: string; fallbackProviderIds: string[] } {
  const local = createLocalVideoProvider({ media });
  const providers = new Map<string, VideoProvider>([[local.id, local]]);
  // What every remote call and download may take: time and, for downloads, bytes.
  const limits = {
    pollIntervalMs: config.VIDEO_POLL_INTERVAL_MS,
    createTimeoutMs: config.VIDEO_CREATE_TIMEOUT_MS,
    statusTimeoutMs: config.VIDEO_STATUS_TIMEOUT_MS,
    downloadMaxBytes: config.VIDEO_DOWNLOAD_MAX_BYTES,
  };
  const configured = configuredProviderIds(config);
  const googleIds = googleModelIds(config);
  if (config.GEMINI_API_KEY && configured.includes(OMNI_PROVIDER_ID)) {
    providers.set(
      OMNI_PROVIDER_ID,
      createOmniProvider({
        apiKey: config.GEMINI_API_KEY,
        baseUrl: config.GEMINI_BASE_URL,
        model: googleIds.omni,
        apiVersion: config.OMNI_API_VERSION,
        sendAvatarImage: config.SEND_AVATAR_IMAGES,
        downloadTimeoutMs: config.VIDEO_DOWNLOAD_TIMEOUT_MS,
        ...limits,
      }),
    );
  }
  if (configured.includes(VEO_PROVIDER_ID)) {
    providers.set(
      VEO_PROVIDER_ID,
      createVeoProvider({
        apiKey: config.VERTEX_API_KEY,
        project: config.GOOGLE_CLOUD_PROJECT,
        location: config.GOOGLE_CLOUD_LOCATION,
        baseUrl: config.VERTEX_BASE_URL,
        model: googleIds.veo,
        sendAvatarImage: config.SEND_AVATAR_IMAGES,
        ...limits,
        // A finished Veo poll carries the whole video inline: give it the download's budget.
        statusTimeoutMs: Math.max(config.VIDEO_STATUS_TIMEOUT_MS, config.VIDEO_DOWNLOAD_TIMEOUT_MS),
      }),
    );
  }
  const fal = config.FAL_KEY ? routeModels(config, FAL_PROVIDER_ID) : null;
  if (config.FAL_KEY && fal) {
    // Without Redis there is nowhere to keep webhook records: poll only.
    const webhook = config.PUBLIC_URL && extras.redis ? { publicUrl: config.PUBLIC_URL, inbox: createWebhookInbox(extras.redis, config.QUEUE_PREFIX), waitMs: config.FAL_WEBHOOK_WAIT_MS } : null;
    providers.set(
      FAL_PROVIDER_ID,
      createFalProvider({
        apiKey: config.FAL_KEY,
        baseUrl: config.FAL_BASE_URL,
        ...fal,
        sendAvatarImage: config.SEND_AVATAR_IMAGES,
        downloadTimeoutMs: config.VIDEO_DOWNLOAD_TIMEOUT_MS,
        webhook,
        ...limits,
      }),
    );
  }
  const runway = config.RUNWAY_API_KEY ? routeModels(config, RUNWAY_PROVIDER_ID) : null;
  if (config.RUNWAY_API_KEY && runway) {
    providers.set(
      RUNWAY_PROVIDER_ID,
      createRunwayProvider({
        apiKey: config.RUNWAY_API_KEY,
        baseUrl: config.RUNWAY_BASE_URL,
        ...runway,
        sendAvatarImage: config.SEND_AVATAR_IMAGES,
        downloadTimeoutMs: config.VIDEO_DOWNLOAD_TIMEOUT_MS,
        ...limits,
      }),
    );
  }
  const wanted = resolveVideoProviderId(config);
  if (!providers.has(wanted)) throw new Error(wanted === 'local' ? 'the local renderer is missing' : MISSING[wanted]);
  const fallbackProviderIds = [...new Set(config.VIDEO_FALLBACKS)].filter((id) => id !== wanted && providers.has(id));
  return { providers, defaultProviderId: wanted, fallbackProviderIds };
}
