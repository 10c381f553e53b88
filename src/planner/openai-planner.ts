import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
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
  /** The raw answer, sent back as the assistant turn of the repair request. */
  content: string | null;
}

export function createOpenAIPlanner(options: OpenAIPlannerOptions): Planner {
  // Planning is idempotent and cheap: one SDK retry on 429/5xx is fine here (never for video).
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs, maxRetries: 1 });
  const system = buildDirectorSystemPrompt(options.modelLimits);
  const responseFormat = zodResponseFormat(PlanShape, 'plan');

  const ask = async (messages: ChatCompletionMessageParam[], input: PlannerInput, signal: AbortSignal | undefined): Promise<Answer> => {
    // `create`, not `parse`: the SDK's parse throws on a bad answer and loses its text, which the
    // repair turn must send back so the model can see what it wrote and fix it.
    const completion = await client.chat.completions.create({ model: options.model, messages, response_format: responseFormat }, signal ? { signal } : {});
    const choice = completion.choices[0];
    const message = choice?.message;
    if (!choice || !message) return { check: { ok: false, problem: 'The answer had no message.' }, content: null };
    if (message.refusal) throw new PlannerOutputError(`OpenAI planner refused: ${message.refusal.slice(0, 200)}`);
    if (choice.finish_reason === 'content_filter') throw new PlannerOutputError('OpenAI planner: the answer was stopped by the content filter.');
    const content = message.content ?? null;
    if (choice.finish_reason === 'length') return { check: { ok: false, problem: 'The answer was cut off at the token limit; answer with a shorter plan.' }, content };
    return { check: readAnswer(content, input), content };
  };

  return {
    id: 'openai',
    async plan(input: PlannerInput, callOptions: { signal?: AbortSignal } = {}): Promise<PlanResult> {
      const avatar = await readAvatarForPlanner(input);
      const text = buildDirectorUserText(input);
      const content: string | ChatCompletionContentPart[] = avatar
        ? [
            { type: 'text', text },
            { type: 'image_url', image_url: { url: `data:${avatar.mimeType};base64,${avatar.base64}` } },
          ]
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

/** The answer's text as a plan: JSON first, then the wire schema, then the full plan checks. */
function readAnswer(content: string | null, input: PlannerInput): PlanCheck {
  if (!content) return { ok: false, problem: 'The answer was empty.' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return { ok: false, problem: `The answer was not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const shaped = PlanShape.safeParse(json);
  if (!shaped.success) return { ok: false, problem: z.prettifyError(shaped.error).slice(0, 2000) };
  return checkPlanCandidate(shaped.data, input);
}
