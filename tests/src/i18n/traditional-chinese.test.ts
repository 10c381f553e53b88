import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en.ts';
import { translate, type MessageKey } from '../../../src/i18n/messages.ts';
import { buildOfflinePlan } from '../../../src/planner/offline-planner.ts';
import type { PlannerInput } from '../../../src/ports/planner.ts';
import { submitRequest } from '../../../src/pipeline/submit-request.ts';
import type { RunningWorker } from '../../../src/queue/start-worker.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { createRecordingPort } from '../../helpers/recording-port.ts';
import { makeRequest } from '../../helpers/requests.ts';
import { startTestDelivery } from '../../helpers/test-delivery.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { plannerInput } from '../../helpers/requests.ts';

/**
 * A user writing Traditional Chinese (or whose client says zh-TW / zh-HK / zh-Hant) is answered in
 * Traditional: the offline plan's words and every message. Checked against characters that exist
 * only in Simplified script, so a Simplified answer cannot pass.
 */
const SIMPLIFIED_ONLY = [
  ...'这个们来说时会对为与学书电节乐爱头发见视频让给请长门开关过还进实现点样从东车马语话读写红绿万岁农历么动传声图删压复尝带应录换无机权条构检没温灵状画码确离线终经编缩规计认记许诉词试费边适选钟镜问队随项题风默丝听围场将怅梦欢气满紧细结绪绷绽缓缕观觉贴软载达静',
];

const simplifiedIn = (text: string): string[] => [...text].filter((char) => SIMPLIFIED_ONLY.includes(char));

function planText(input: PlannerInput): { language: string; text: string } {
  const { plan } = buildOfflinePlan(input);
  const words = [plan.title, plan.feeling, plan.protagonist.description, ...plan.shots.flatMap((shot) => [shot.action, shot.onScreenText])];
  return { language: plan.language, text: words.join('\n') };
}

describe('Traditional Chinese', () => {
  it.each([
    ['Traditional text, zh-TW client', plannerInput('把這段節日祝福做成短片，十五秒', { locale: 'zh-TW', script: '聖誕快樂，願你平安喜樂。' })],
    ['Traditional text, English client', plannerInput('幫我做一個關於雨夜想家的電影感短片')],
    ['neutral Han text, zh-HK client', plannerInput('雨夜想家', { locale: 'zh-HK' })],
  ])('plans in Traditional: %s', (_case, input) => {
    const { language, text } = planText(input);
    expect(language).toBe('zh-Hant');
    expect(simplifiedIn(text)).toEqual([]);
    // Template words, not just the user's own: the shot actions are written by the planner.
    expect(text).toMatch(/[這緩細動畫靜結]/);
  });

  it('still plans Simplified for Simplified text', () => {
    const { language, text } = planText(plannerInput('帮我做一个关于雨夜想家的电影感短片', { locale: 'zh-CN' }));
    expect(language).toBe('zh-Hans');
    expect(simplifiedIn(text).length).toBeGreaterThan(0);
  });

  it.each(['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-hant', 'zh-Hant-TW'])('answers %s in Traditional, every message', (locale) => {
    const keys = Object.keys(en) as MessageKey[];
    const simplified = keys.filter((key) => simplifiedIn(translate(locale, key)).length > 0);
    expect(simplified).toEqual([]);
    expect(translate(locale, 'status.planning')).toBe('🧠 正在構思鏡頭…');
    expect(translate(locale, 'error.too-busy', { active: 2, max: 2 })).toBe('你已經有 2 個短片在製作中（上限 2）。等其中一個完成後再來吧。');
  });

  it('answers zh-CN and plain zh in Simplified, as before', () => {
    expect(translate('zh-CN', 'status.planning')).toBe('🧠 正在构思镜头…');
    expect(translate('zh', 'status.planning')).toBe('🧠 正在构思镜头…');
  });
});

describe('Traditional text from a client whose locale says nothing of it', () => {
  let harness: TestReverie | null = null;
  let delivery: RunningWorker | null = null;
  afterEach(async () => {
    await delivery?.close();
    await harness?.cleanup();
    harness = null;
    delivery = null;
  });

  it('gets the clip’s messages in Traditional once the plan knows the language', async () => {
    const provider = createFakeProvider();
    harness = await startTestReverie({}, { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() });
    const port = createRecordingPort();
    delivery = startTestDelivery(harness.reverie, port, 'session1');
    harness.reverie.startWorkers();
    // Asks for an avatar it does not have: the clip comes with a note, in the user's script.
    const request = makeRequest({ sentence: '用我的頭像做一個關於雨夜想家的短片', referencedText: null });
    expect((await submitRequest(harness.reverie.context, harness.reverie.queues, request)).status).toBe('accepted');
    const outcome = await port.outcome(request.id);

    expect(outcome.kind).toBe('clip');
    if (outcome.kind !== 'clip') return;
    expect(outcome.post.notes).toContain('你沒有可用的頭像，所以短片用了生成的背景。');
    expect(outcome.post.notes.flatMap(simplifiedIn)).toEqual([]);
  });
});
