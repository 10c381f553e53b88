import type { Config } from '../config/config-schema.ts';
import type { VideoProvider } from '../ports/video-provider.ts';
import { findModelRow, MODEL_TABLE } from './model-table.ts';
import type { ModelRow } from './model-types.ts';

/**
 * Which models this server can use, and which one a request gets. Two views of one rule — a row
 * is usable when its route has credentials — one from the config (for /models and the /short
 * option, built where the adapters run) and one from the providers a pipeline holds.
 */

/** A provider that serves several rows (fal, runway) says which; Google's serve the one model they run. */
export interface ModelServingProvider extends VideoProvider {
  readonly models: readonly ModelRow[];
}

export function isModelServingProvider(provider: VideoProvider): provider is ModelServingProvider {
  return Array.isArray((provider as Partial<ModelServingProvider>).models);
}

/** VIDEO_MODEL's row, or undefined when unset. Throws on an unknown key, listing the known ones. */
export function videoModelRow(config: Pick<Config, 'VIDEO_MODEL'>): ModelRow | undefined {
  if (!config.VIDEO_MODEL) return undefined;
  const row = MODEL_TABLE.find((candidate) => candidate.key === config.VIDEO_MODEL);
  if (!row) throw new Error(`VIDEO_MODEL=${config.VIDEO_MODEL} is not a model Reverie knows. Use one of: ${MODEL_TABLE.map((candidate) => candidate.key).join(', ')}.`);
  return row;
}

/** The Omni / Veo model id a process runs: VIDEO_MODEL when it names one, else OMNI_MODEL / VEO_MODEL. */
export function googleModelIds(config: Pick<Config, 'VIDEO_MODEL' | 'OMNI_MODEL' | 'VEO_MODEL'>): { omni: string; veo: string } {
  const chosen = videoModelRow(config);
  return {
    omni: chosen?.providerId === 'omni' ? chosen.modelId : config.OMNI_MODEL,
    veo: chosen?.providerId === 'veo' ? chosen.modelId : config.VEO_MODEL,
  };
}

type CredentialConfig = Pick<Config, 'GEMINI_API_KEY' | 'VERTEX_API_KEY' | 'GOOGLE_CLOUD_PROJECT' | 'FAL_KEY' | 'RUNWAY_API_KEY' | 'VIDEO_MODEL' | 'OMNI_MODEL' | 'VEO_MODEL'>;

/**
 * The models whose credentials are present, in table order: what /models lists and the /short
 * model option offers. Unconfirmed rows (Kling 4.0) appear only when VIDEO_MODEL names them.
 */
export function configuredModels(config: CredentialConfig): ModelRow[] {
  const ids = googleModelIds(config);
  const usable = (row: ModelRow): boolean => {
    switch (row.providerId) {
      case 'omni':
        return Boolean(config.GEMINI_API_KEY) && row.modelId === ids.omni;
      case 'veo':
        return Boolean(config.VERTEX_API_KEY || config.GOOGLE_CLOUD_PROJECT) && row.modelId === ids.veo;
      case 'fal':
        return Boolean(config.FAL_KEY);
      case 'runway':
        return Boolean(config.RUNWAY_API_KEY);
      default:
        return row.providerId === 'local';
    }
  };
  return MODEL_TABLE.filter((row) => usable(row) && (row.offered || row.key === config.VIDEO_MODEL));
}

/** The rows a pipeline's providers serve: declared by multi-model providers, matched by model id otherwise. */
export function modelsServedBy(providers: ReadonlyMap<string, VideoProvider>): ModelRow[] {
  const served: ModelRow[] = [];
  for (const provider of providers.values()) {
    if (isModelServingProvider(provider)) {
      served.push(...provider.models);
      continue;
    }
    const row = MODEL_TABLE.find((candidate) => candidate.providerId === provider.id && candidate.modelId === provider.modelId);
    if (row) served.push(row);
  }
  const order = new Map(MODEL_TABLE.map((row, index) => [row.key, index]));
  return served.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
}

/** The row a provider makes when nothing else is asked: the one matching its reported model id. */
export function defaultRowOf(provider: VideoProvider): ModelRow | undefined {
  const row = findModelRow(provider.modelId);
  return row?.providerId === provider.id ? row : isModelServingProvider(provider) ? provider.models[0] : undefined;
}

export interface ModelChoice {
  model: ModelRow;
  /** What the request named but this server cannot give it (not configured, or needs a picture), else null. */
  unavailable: string | null;
}

/** A row can make the shot: from words, or from the avatar when there is one. */
function canMake(row: ModelRow, avatar: boolean): boolean {
  return Boolean(row.endpoints.text) || (avatar && Boolean(row.endpoints.image));
}

/**
 * The model for a request: `wanted` may be a key (`fal:kling-3-std`, from /short), a family the
 * planners read from the sentence ("kling"), a provider id ("veo", "fal") or a label. The
 * default's own family wins ties, then table order (the cheaper tier comes first). Anything
 * unmatched gets the default model and says so.
 */
export function resolveModel(models: readonly ModelRow[], wanted: string | null, options: { avatar: boolean; defaultModel: ModelRow }): ModelChoice {
  const usable = models.filter((row) => canMake(row, options.avatar));
  const fallback = canMake(options.defaultModel, options.avatar) ? options.defaultModel : (usable[0] ?? options.defaultModel);
  const text = wanted?.trim().toLowerCase() ?? '';
  if (text === '') return { model: fallback, unavailable: null };
  const prefer = (rows: ModelRow[]): ModelRow | undefined => rows.find((row) => row.key === options.defaultModel.key) ?? rows[0];
  const matches =
    [
      usable.filter((row) => row.key.toLowerCase() === text || row.modelId.toLowerCase() === text),
      usable.filter((row) => row.providerId === text || row.route === text),
      usable.filter((row) => row.family === text),
      usable.filter((row) => row.label.toLowerCase() === text || row.key.toLowerCase().endsWith(`:${text}`)),
    ].find((rows) => rows.length > 0) ?? [];
  const found = prefer(matches);
  if (found) return { model: found, unavailable: null };
  // A known model that is not set up here (or cannot make this shot) is worth a note; so is a typo.
  const known = findModelRow(text) ?? MODEL_TABLE.find((row) => row.family === text || row.providerId === text);
  return { model: fallback, unavailable: known?.label ?? wanted?.trim() ?? null };
}

/**
 * The model a request gets when it names none, from the config alone (no SDK needed, so the
 * adapters can call it): VIDEO_MODEL, else the first configured model of VIDEO_PROVIDER, else the
 * first configured model (table order is the auto order: Omni, Veo, fal, Runway, local).
 */
export function defaultModelKey(config: CredentialConfig & Pick<Config, 'VIDEO_PROVIDER'>): string {
  const chosen = videoModelRow(config);
  if (chosen) return chosen.key;
  const models = configuredModels(config);
  const pinned = config.VIDEO_PROVIDER === 'auto' ? undefined : models.find((row) => row.providerId === config.VIDEO_PROVIDER);
  return (pinned ?? models[0])?.key ?? 'local:storyboard';
}
