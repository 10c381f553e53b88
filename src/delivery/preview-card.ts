import type { PlanSummary } from '../domain/job-progress.ts';
import { translate } from '../i18n/messages.ts';
import type { PreviewCard } from '../ports/chat-port.ts';
import { renderCost } from './cost-text.ts';

/** The plan as the preview card shows it: feeling, shots with seconds, model, estimated cost. */
export function renderPreviewCard(locale: string, summary: PlanSummary): PreviewCard {
  const fields: PreviewCard['fields'] = [];
  if (summary.feeling) fields.push({ name: translate(locale, 'preview.feeling'), value: summary.feeling });
  if (summary.shotDetails && summary.shotDetails.length > 0) {
    const lines = summary.shotDetails.map((shot, index) => translate(locale, 'preview.shot-line', { index: index + 1, seconds: Math.round(shot.seconds * 10) / 10, action: shot.action }));
    fields.push({ name: translate(locale, 'preview.shots'), value: lines.join('\n') });
  }
  fields.push({ name: translate(locale, 'preview.model'), value: summary.model });
  fields.push({ name: translate(locale, 'preview.cost'), value: renderCost(locale, summary.estimatedUsd, 'estimate') ?? translate(locale, 'preview.cost-unknown') });
  return { title: summary.title, heading: translate(locale, 'preview.heading'), fields };
}

/** The same card as plain text: a photo caption or a terminal block. */
export function previewCardText(card: PreviewCard): string {
  return [`🎬 ${card.title}`, card.heading, ...card.fields.map((field) => (field.value.includes('\n') ? `${field.name}:\n${field.value}` : `${field.name}: ${field.value}`))].join('\n');
}
