import { describe, expect, it } from 'vitest';
import type { ClipRecord } from '../../../src/domain/clip.ts';
import { previewCardText, renderPreviewCard } from '../../../src/delivery/preview-card.ts';
import { renderCaption, renderPlanLine } from '../../../src/delivery/status-text.ts';
import { findModelRow } from '../../../src/models/model-table.ts';
import { summarizePlan } from '../../../src/pipeline/plan-preview.ts';
import { samplePlan } from '../../fixtures/make-media.ts';
import { makeRequest } from '../../helpers/requests.ts';

/** Cost on the status card (the estimate, before any paid call) and on the clip (what it cost), in every language. */

const omni = findModelRow('gemini-omni-1.1-flash');
const local = findModelRow('reverie-storyboard-1');
const plan = samplePlan({ title: 'First snow', feeling: 'quiet wonder', shots: [{ seconds: 4, action: 'snow falls on the lamp' }] });

const clipOf = (locale: string, costUsd: number | null | undefined): ClipRecord => ({
  id: 'clip-1',
  request: makeRequest({ requester: { userId: 'u', displayName: 'Ada', locale } }),
  plan,
  planner: 'offline',
  providerId: 'omni',
  modelId: 'gemini-omni-1.1-flash',
  generatedSeconds: 4,
  ...(costUsd === undefined ? {} : { costUsd }),
  durationSeconds: 4,
  sizeBytes: 1000,
  width: 720,
  height: 1280,
  lastOperation: null,
  generation: 0,
  createdAt: 0,
  messageId: null,
});

describe('the estimate on the plan line', () => {
  it('prices the plan from the model table (Omni: $0.10 per second), and says it in en, zh and zh-Hant', () => {
    expect(omni).toBeDefined();
    const summary = summarizePlan(plan, omni ?? null, 'gemini-omni-1.1-flash', false);
    expect(summary.estimatedUsd).toBeCloseTo(0.4, 4);
    expect(renderPlanLine('en-US', summary)).toBe('🎬 First snow — 1 shot, 4 s, gemini-omni-1.1-flash · ≈ $0.40');
    expect(renderPlanLine('zh-CN', summary)).toBe('🎬 First snow — 1 个镜头，4 秒，gemini-omni-1.1-flash · 约 $0.40');
    expect(renderPlanLine('zh-TW', summary)).toBe('🎬 First snow — 1 個鏡頭，4 秒，gemini-omni-1.1-flash · 約 $0.40');
  });

  it('says free for the local renderer, and shows no figure where the price is unknown', () => {
    const free = summarizePlan(plan, local ?? null, 'reverie-storyboard-1', false);
    expect(free.estimatedUsd).toBe(0);
    expect(renderPlanLine('en', free)).toMatch(/ · free$/);
    expect(renderPlanLine('zh', free)).toMatch(/ · 免费$/);
    expect(renderPlanLine('zh-Hant', free)).toMatch(/ · 免費$/);
    const unknown = summarizePlan(plan, null, 'custom-model', false);
    expect(unknown.estimatedUsd).toBeNull();
    expect(renderPlanLine('en', unknown)).toBe('🎬 First snow — 1 shot, 4 s, custom-model');
    // Progress published before estimates existed has no field at all: the line is as it was.
    expect(renderPlanLine('en', { title: 'Old', shots: 2, seconds: 8, model: 'm' })).toBe('🎬 Old — 2 shots, 8 s, m');
  });
});

describe('the actual cost in the caption', () => {
  it('adds what the clip cost, in the requester’s language', () => {
    expect(renderCaption(clipOf('en-US', 0.4123))).toBe('🎬 First snow — quiet wonder · gemini-omni-1.1-flash · cost $0.41');
    expect(renderCaption(clipOf('zh-CN', 0.4123))).toBe('🎬 First snow — quiet wonder · gemini-omni-1.1-flash · 花费 $0.41');
    expect(renderCaption(clipOf('zh-HK', 0.4123))).toBe('🎬 First snow — quiet wonder · gemini-omni-1.1-flash · 花費 $0.41');
  });

  it('says free at 0, never "$0.00" for a cost under a cent, and nothing when unknown or from before costs were kept', () => {
    expect(renderCaption(clipOf('en', 0))).toMatch(/ · free$/);
    expect(renderCaption(clipOf('en', 0.004))).toMatch(/ · cost <\$0\.01$/);
    expect(renderCaption(clipOf('en', null))).toBe('🎬 First snow — quiet wonder · gemini-omni-1.1-flash');
    expect(renderCaption(clipOf('en', undefined))).toBe('🎬 First snow — quiet wonder · gemini-omni-1.1-flash');
  });
});

describe('the preview card', () => {
  it('lists feeling, shots with seconds, model and the estimate, translated', () => {
    const summary = summarizePlan(plan, omni ?? null, 'gemini-omni-1.1-flash', false);
    const card = renderPreviewCard('zh-TW', summary);
    expect(card.title).toBe('First snow');
    expect(card.fields).toEqual([
      { name: '感覺', value: 'quiet wonder' },
      { name: '鏡頭', value: '1. 4 秒 — snow falls on the lamp' },
      { name: '模型', value: 'gemini-omni-1.1-flash' },
      { name: '預計費用', value: '約 $0.40' },
    ]);
    expect(renderPreviewCard('en', summarizePlan(plan, null, 'custom-model', false)).fields.at(-1)).toEqual({ name: 'Estimated cost', value: 'not published' });
    expect(previewCardText(renderPreviewCard('en', summary))).toBe(
      [
        '🎬 First snow',
        '🖼️ Storyboard preview — the clip replaces it when it is ready',
        'Feeling: quiet wonder',
        'Shots: 1. 4 s — snow falls on the lamp',
        'Model: gemini-omni-1.1-flash',
        'Estimated cost: ≈ $0.40',
      ].join('\n'),
    );
  });
});
