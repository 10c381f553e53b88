import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionContentPart, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Planner, PlannerInput, PlanResult } from '../ports/planner.ts';
import { buildDirectorSystemPrompt, buildDirectorUserText, buildRepairText, readAvatarForPlanner } from './director-prompt.ts';
import { checkPlanCandidate, PlannerOutputError, PlanShape, type PlanCheck } from './plan-json-schema.ts';

/**
 * The LLM director on OpenAI (or any OpenAI-compatible server through OPENAI_BASE_URL):
 * `chat.completions.parse` with strict structured outputs from the zod plan schema. A refusal
 * throws at once; an invalid answer gets one repair turn; then the offline planner takes over.
 */

export interface OpenAIPlannerOptions {
  /** OPENAI_API_KEY; a local server (Ollama, vLLM) accepts any placeholder. */
  apiKey: string;
  /** OPENAI_BASE_URL, including /v1. */
  baseUrl: string;
  /** OPENAI_PLANNER_MODEL. */
  model: string;
  /** Per call, ms (the SDK's default is 10 minutes). */
  timeoutMs: number;
  /** What the default video model can do (prompts/models/<id>.txt "limits"). */
  modelLimits: string;
}

interface Answer {
  check: PlanCheck;
  /** The raw answer for the repair turn, when the SDK got that far. */
  content: string | null;
}

export function createOpenAIPlanner(options: OpenAIPlannerOptions): Planner {
  // Planning is idempotent and cheap: one SDK retry on 429/5xx is fine here (never for video).
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs, maxRetries: 1 });
  const system = buildDirectorSystemPrompt(options.modelLimits);
  const responseFormat = zodResponseFormat(PlanShape, 'plan');

  const ask = async (messages: ChatCompletionMessageParam[], input: PlannerInput, signal: AbortSignal | undefined): Promise<Answer> => {
    let completion;
    try {
      completion = await client.chat.completions.parse({ model: options.model, messages, response_format: responseFormat }, signal ? { signal } : {});
    } catch (error) {
      // The SDK validates the answer itself: schema and JSON errors are answers to repair.
      const name = error instanceof Error ? error.name : '';
      if (name === 'ZodError' || error instanceof SyntaxError || name === 'LengthFinishReasonError') {
        return { check: { ok: false, problem: error instanceof Error ? error.message.slice(0, 2000) : String(error) }, content: null };
      }
      throw error;
    }
    const message = completion.choices[0]?.message;
    if (!message) return { check: { ok: false, problem: 'The answer had no message.' }, content: null };
    if (message.refusal) throw new PlannerOutputError(`OpenAI planner refused: ${message.refusal.slice(0, 200)}`);
    return { check: checkPlanCandidate(message.parsed, input), content: message.content ?? null };
  };

  return {
    id: 'openai',
    async plan(input: PlannerInput, callOptions: { signal?: AbortSignal } = {}): Promise<PlanResult> {
      const avatar = await readAvatarForPlanner(input);
      const text = buildDirectorUserText(input);
      const content: string | ChatCompletionContentPart[] = avatar
        ? [{ type: 'text', text }, { type: 'image_url', image_url: { url: `data:${avatar.mimeType};base64,${avatar.base64}` } }]
        : text;
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: system },
        { role: 'user', content },
      ];
      const first = await ask(messages, input, callOptions.signal);
      if (first.check.ok) return { plan: first.check.plan, planner: 'openai', notes: [] };

      if (first.content) messages.push({ role: 'assistant', content: first.content });
      messages.push({ role: 'user', content: buildRepairText(first.check.problem) });
      const second = await ask(messages, input, callOptions.signal);
      if (second.check.ok) return { plan: second.check.plan, planner: 'openai', notes: [] };
      throw new PlannerOutputError(`OpenAI planner: the answer was still invalid after a repair turn: ${second.check.problem.slice(0, 300)}`);
    },
  };
}
