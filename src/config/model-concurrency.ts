import { perModelSetting } from './per-model-setting.ts';

/** MODEL_CONCURRENCY: how many generations of one model may run at once across every worker, e.g. `fal:kling-3-std=4,google:omni-1.1-flash=2`. */
export const modelConcurrency = perModelSetting('MODEL=N with a model id from /models (e.g. fal:kling-3-std=4) and N ≥ 1', (text) => {
  const limit = /^\d+$/.test(text) ? Number(text) : 0;
  return limit > 0 ? limit : null;
});
