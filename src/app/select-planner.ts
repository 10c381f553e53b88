import type { Config } from '../config/config-schema.ts';
import { createGeminiPlanner } from '../planner/gemini-planner.ts';
import { createOfflinePlanner } from '../planner/offline-planner.ts';
import { createOpenAIPlanner } from '../planner/openai-planner.ts';
import type { Planner } from '../ports/planner.ts';
import { loadModelConventions } from '../providers/shot-prompt.ts';
import { resolveVideoProviderId } from './select-providers.ts';

const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** PLANNER resolved: `auto` is Gemini with a Gemini key, else OpenAI with an OpenAI key, else offline. */
export function resolvePlannerId(config: Config): 'gemini' | 'openai' | 'offline' {
  if (config.PLANNER !== 'auto') return config.PLANNER;
  if (config.GEMINI_API_KEY) return 'gemini';
  if (config.OPENAI_API_KEY) return 'openai';
  return 'offline';
}

/**
 * The configured planner and its fallback, which is always the offline planner: an LLM that is
 * down, slow or wrong never leaves the user without a plan. The LLM is told the limits of the
 * default video model so its shots fit.
 */
export function selectPlanner(config: Config): { planner: Planner; fallback: Planner } {
  const offline = createOfflinePlanner();
  const id = resolvePlannerId(config);
  if (id === 'offline') return { planner: offline, fallback: offline };
  const modelLimits = loadModelConventions(resolveVideoProviderId(config)).limits;
  if (id === 'gemini') {
    if (!config.GEMINI_API_KEY) throw new Error('PLANNER=gemini needs GEMINI_API_KEY (a Gemini API key from Google AI Studio).');
    const planner = createGeminiPlanner({
      apiKey: config.GEMINI_API_KEY,
      baseUrl: config.GEMINI_BASE_URL,
      model: config.GEMINI_PLANNER_MODEL,
      timeoutMs: config.PLANNER_TIMEOUT_MS,
      modelLimits,
    });
    return { planner, fallback: offline };
  }
  // An OpenAI-compatible local server (Ollama, vLLM) needs no key; api.openai.com does.
  const apiKey = config.OPENAI_API_KEY ?? (config.OPENAI_BASE_URL !== DEFAULT_OPENAI_BASE_URL ? 'not-needed' : undefined);
  if (!apiKey) throw new Error('PLANNER=openai needs OPENAI_API_KEY, or OPENAI_BASE_URL pointing at an OpenAI-compatible server.');
  const planner = createOpenAIPlanner({
    apiKey,
    baseUrl: config.OPENAI_BASE_URL,
    model: config.OPENAI_PLANNER_MODEL,
    timeoutMs: config.PLANNER_TIMEOUT_MS,
    modelLimits,
  });
  return { planner, fallback: offline };
}
