import type { ModelRow, Ratio, ShotIntent, SnapChange, SnapResult, SnappedSettings, DurationSpec, VideoMode } from './model-types.ts';

/**
 * The plan's intent for one shot → what the chosen model accepts, and what had to change, as
 * i18n message keys the caller shows the user ("Hailuo 2.3 makes 6 or 10 s: using 6 s"). Pure:
 * the same (intent, model) always gives the same answer, so a table of pairs tests it.
 */

/** A difference smaller than this is rounding (crossfade overlap), not worth telling anyone. */
const NOTICEABLE_SECONDS = 1;

/** Frames to try, in order, when the wanted one is missing: keep the orientation first. */
const RATIO_FALLBACKS: Record<ShotIntent['aspectRatio'], readonly Ratio[]> = {
  '9:16': ['9:16', '2:3', '3:4', '4:5', '1:1', '16:9'],
  '16:9': ['16:9', '21:9', '3:2', '4:3', '5:4', '1:1', '9:16'],
  // Like Omni and Veo always did: a square plan letterboxes a landscape clip.
  '1:1': ['1:1', '4:5', '5:4', '3:4', '4:3', '16:9', '9:16'],
};

/** The shortest allowed length that holds the shot (cost grows with seconds), else the longest. */
export function snapSeconds(duration: DurationSpec, wanted: number): number {
  const rounded = Math.max(1, Math.round(wanted));
  if (duration.kind === 'range') return Math.min(duration.max, Math.max(duration.min, rounded));
  const sorted = [...duration.values].sort((a, b) => a - b);
  return sorted.find((value) => value >= rounded) ?? sorted.at(-1) ?? rounded;
}

/** USD per second and per clip for these settings, or null where the row has no figure. */
export function priceOf(model: ModelRow, settings: { seconds: number; audio: boolean; resolution: string }): { usdPerSecond: number | null; estimatedUsd: number | null } {
  const perClip = model.price.usdPerClip?.[String(settings.seconds)];
  if (perClip !== undefined) return { usdPerSecond: perClip / settings.seconds, estimatedUsd: perClip };
  const table = settings.audio && model.price.usdPerSecondWithAudio ? model.price.usdPerSecondWithAudio : model.price.usdPerSecond;
  const rate = table?.[settings.resolution];
  if (rate === undefined) return { usdPerSecond: null, estimatedUsd: null };
  return { usdPerSecond: rate, estimatedUsd: Math.round(rate * settings.seconds * 10_000) / 10_000 };
}

function secondsChange(model: ModelRow, wanted: number, used: number): SnapChange {
  const { duration } = model;
  if (duration.kind === 'range') {
    return { key: 'seconds', message: { key: 'snap.seconds-range', params: { model: model.label, min: duration.min, max: duration.max, seconds: used, wanted: Math.round(wanted) } } };
  }
  if (duration.values.length === 2) {
    const [a, b] = duration.values as [number, number];
    return { key: 'seconds', message: { key: 'snap.seconds-two', params: { model: model.label, a, b, seconds: used, wanted: Math.round(wanted) } } };
  }
  return { key: 'seconds', message: { key: 'snap.seconds-list', params: { model: model.label, values: duration.values.join(', '), seconds: used, wanted: Math.round(wanted) } } };
}

function chooseMode(intent: ShotIntent, model: ModelRow, changes: SnapChange[]): VideoMode {
  if (!intent.avatar) return 'text';
  if (!model.endpoints.image) {
    changes.push({ key: 'avatar', message: { key: 'snap.no-image', params: { model: model.label } } });
    return 'text';
  }
  if (model.image.realFaces === 'rejected') {
    // Sending it would only earn a refusal: the plan's words-only description stands in.
    changes.push({ key: 'avatar', message: { key: 'snap.faces-rejected', params: { model: model.label } } });
    return 'text';
  }
  return 'image';
}

function chooseRatio(intent: ShotIntent, model: ModelRow, mode: VideoMode, changes: SnapChange[]): Ratio | null {
  const allowed = mode === 'text' ? model.ratios.text : model.ratios.image;
  if (allowed === 'follows-image') {
    if (intent.aspectRatio !== '1:1') changes.push({ key: 'aspectRatio', message: { key: 'snap.ratio-follows-image', params: { model: model.label } } });
    return null;
  }
  if (allowed.length === 0) {
    changes.push({ key: 'aspectRatio', message: { key: 'snap.ratio-fixed', params: { model: model.label } } });
    return null;
  }
  if (allowed.includes(intent.aspectRatio)) return intent.aspectRatio;
  const used = RATIO_FALLBACKS[intent.aspectRatio].find((ratio) => allowed.includes(ratio)) ?? (allowed[0] as Ratio);
  changes.push({ key: 'aspectRatio', message: { key: 'snap.ratio', params: { model: model.label, wanted: intent.aspectRatio, used } } });
  return used;
}

export function snapIntent(intent: ShotIntent, model: ModelRow): SnapResult {
  const changes: SnapChange[] = [];
  const mode = chooseMode(intent, model, changes);
  const unsupported = model.endpoints[mode] ? null : `${model.label} cannot make a clip from ${mode === 'text' ? 'words alone (it needs a starting picture)' : 'a picture'}`;

  const seconds = snapSeconds(model.duration, intent.seconds);
  if (Math.abs(seconds - intent.seconds) >= NOTICEABLE_SECONDS) changes.push(secondsChange(model, intent.seconds, seconds));

  const aspectRatio = chooseRatio(intent, model, mode, changes);

  const audio = model.audio === 'always' ? true : model.audio === 'none' ? false : intent.audio;
  if (intent.audio && model.audio === 'none') changes.push({ key: 'audio', message: { key: 'snap.audio-none', params: { model: model.label } } });

  const resolution = model.defaultResolution;
  const settings: SnappedSettings = { mode, seconds, aspectRatio, audio, resolution, ...priceOf(model, { seconds, audio, resolution }) };
  return { settings, changes, unsupported };
}

/**
 * One shot as the model will make it (its snapped length) and what that costs at the table's dated
 * price: the status card's estimate and the ledger's reservation both come from here, so they agree.
 */
export function estimateShot(model: ModelRow, shot: { seconds: number; aspectRatio: ShotIntent['aspectRatio']; avatar: boolean }): { seconds: number; usd: number | null } {
  const { settings } = snapIntent({ seconds: shot.seconds, aspectRatio: shot.aspectRatio, audio: true, avatar: shot.avatar }, model);
  return { seconds: settings.seconds, usd: settings.estimatedUsd };
}

/** A plan's shots together; null when any shot's price is unknown, so a missing figure never reads as free. */
export function estimatePlanUsd(model: ModelRow, shots: { seconds: readonly number[]; aspectRatio: ShotIntent['aspectRatio']; avatar: boolean }): number | null {
  let total = 0;
  for (const seconds of shots.seconds) {
    const { usd } = estimateShot(model, { seconds, aspectRatio: shots.aspectRatio, avatar: shots.avatar });
    if (usd === null) return null;
    total += usd;
  }
  return Math.round(total * 10_000) / 10_000;
}
