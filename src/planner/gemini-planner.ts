import type { Content, GenerateContentResponse } from '@google/genai';
import type { Planner, PlannerInput, PlanResult } from '../ports/planner.ts';
import { createGeminiClient } from '../providers/google-client.ts';
import { buildDirectorSystemPrompt, buildDirectorUserText, buildRepairText, readAvatarForPlanner } from './director-prompt.ts';
import { checkPlanText, planJsonSchemaForGemini, PlannerOutputError } from './plan-json-schema.ts';

/**
 * The LLM director on Gemini: `generateContent` with JSON-schema structured output. An answer
 * that does not validate gets one repair turn with the problems; a second failure throws, and
 * the pipeline's planWithFallback hands the request to the offline planner.
 */

export interface GeminiPlannerOptions {
  apiKey: string;
  /** GEMINI_BASE_URL, no trailing slash. */
  baseUrl: string;
  /** GEMINI_PLANNER_MODEL. */
  model: string;
  /** Per call, ms. */
  timeoutMs: number;
  /** What the default video model can do (prompts/models/<id>.txt "limits"). */
  modelLimits: string;
}

export function createGeminiPlanner(options: GeminiPlannerOptions): Planner {
  const ai = createGeminiClient({ apiKey: options.apiKey, baseUrl: options.baseUrl });
  const systemInstruction = buildDirectorSystemPrompt(options.modelLimits);

  const ask = async (contents: Content[], signal: AbortSignal | undefined): Promise<GenerateContentResponse> =>
    ai.models.generateContent({
      model: options.model,
      contents,
      config: {
        systemInstruction,
        responseMimeType: 'application/json',
        responseJsonSchema: planJsonSchemaForGemini(),
        // Planning is idempotent and cheap: one quiet retry on 429/5xx is fine here (never for video).
        httpOptions: { timeout: options.timeoutMs, retryOptions: { attempts: 2 } },
        ...(signal ? { abortSignal: signal } : {}),
      },
    });

  const answerText = (response: GenerateContentResponse): string => {
    const blocked = response.promptFeedback?.blockReason;
    if (blocked) throw new PlannerOutputError(`Gemini planner: the request was blocked (${blocked})`);
    const reason = response.candidates?.[0]?.finishReason;
    if (reason && /SAFETY|PROHIBITED|BLOCKLIST|SPII|RECITATION/.test(reason)) throw new PlannerOutputError(`Gemini planner: the answer was blocked (${reason})`);
    return response.text ?? '';
  };

  return {
    id: 'gemini',
    async plan(input: PlannerInput, callOptions: { signal?: AbortSignal } = {}): Promise<PlanResult> {
      const avatar = await readAvatarForPlanner(input);
      const contents: Content[] = [
        {
          role: 'user',
          parts: [{ text: buildDirectorUserText(input) }, ...(avatar ? [{ inlineData: { mimeType: avatar.mimeType, data: avatar.base64 } }] : [])],
        },
      ];
      const first = answerText(await ask(contents, callOptions.signal));
      const checked = checkPlanText(first, input);
      if (checked.ok) return { plan: checked.plan, planner: 'gemini', notes: [] };

      contents.push({ role: 'model', parts: [{ text: first || '(empty)' }] }, { role: 'user', parts: [{ text: buildRepairText(checked.problem) }] });
      const repaired = checkPlanText(answerText(await ask(contents, callOptions.signal)), input);
      if (repaired.ok) return { plan: repaired.plan, planner: 'gemini', notes: [] };
      throw new PlannerOutputError(`Gemini planner: the answer was still invalid after a repair turn: ${repaired.problem.slice(0, 300)}`);
    },
  };
}
