import type { ClipRecord } from '../domain/clip.ts';
import type { JobProgress } from '../domain/job-progress.ts';
import { translate } from '../i18n/messages.ts';
import { renderCost } from './cost-text.ts';

function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/**
 * The status message for a progress update. The plan summary stays on the card once known, so
 * the user keeps seeing what is being made while it is made.
 */
export function renderStatusText(locale: string, progress: JobProgress, planLine: string | null, nowMs: number): string {
  const line = (() => {
    switch (progress.stage) {
      case 'queued':
        return progress.queuePosition ? translate(locale, 'status.queued', { position: progress.queuePosition }) : translate(locale, 'status.received');
      case 'generating':
        return translate(locale, 'status.generating', {
          percent: progress.percent === undefined ? '' : ` ${Math.round(progress.percent)}%`,
          elapsed: formatElapsed(nowMs - (progress.startedAt ?? nowMs)),
        });
      case 'planned':
        return null;
      default:
        return translate(locale, `status.${progress.stage}`);
    }
  })();
  return [planLine, line].filter((part): part is string => part !== null).join('\n');
}

export function renderPlanLine(locale: string, summary: NonNullable<JobProgress['planSummary']>): string {
  const plural = new Intl.PluralRules(locale).select(summary.shots) === 'one' ? 'unit.shots.one' : 'unit.shots.other';
  const shots = translate(locale, plural, { count: summary.shots });
  const line = translate(locale, 'status.planned', { title: summary.title, model: summary.model, shots, seconds: Math.round(summary.seconds) });
  const cost = renderCost(locale, summary.estimatedUsd, 'estimate');
  return cost === null ? line : `${line} · ${cost}`;
}

/** The clip's caption, with what it actually cost where that is known. */
export function renderCaption(clip: ClipRecord): string {
  const locale = clip.request.requester.locale;
  const caption = translate(locale, 'caption.clip', { title: clip.plan.title, feeling: clip.plan.feeling, model: clip.modelId });
  const cost = renderCost(locale, clip.costUsd, 'actual');
  return cost === null ? caption : `${caption} · ${cost}`;
}
