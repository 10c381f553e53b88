import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenAI-compatible server on 127.0.0.1 for the real `openai` SDK: POST
 * /v1/chat/completions answered from a script (the last reply repeats), and POST /v1/audio/speech
 * answered with the audio file the test made (404 without one); every request recorded.
 */

export interface RecordedChatRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    messages?: { role: string; content: unknown }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
    /** Speech requests. */
    input?: string;
    voice?: string;
    instructions?: string;
  };
}

export interface ChatReply {
  status?: number;
  json?: unknown;
  /** Never answered: the planner is mid-call until its connection goes (a worker killed while planning). */
  stall?: boolean;
}

export interface FakeOpenAI {
  /** Base URL including /v1, as OPENAI_BASE_URL takes it. */
  url: string;
  requests: RecordedChatRequest[];
  script(...replies: ChatReply[]): void;
  close(): Promise<void>;
}

/** A chat completion whose message content is `content` (a JSON plan, usually). */
export function chatAnswer(content: string | null, options: { refusal?: string; finishReason?: string } = {}): ChatReply {
  return {
    json: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_764_547_200,
      model: 'fake-model',
      choices: [{ index: 0, finish_reason: options.finishReason ?? 'stop', message: { role: 'assistant', content, refusal: options.refusal ?? null } }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    },
  };
}

export interface FakeOpenAIOptions {
  /** The bytes /v1/audio/speech answers with (a WAV made with ffmpeg); absent = that route 404s. */
  speech?: Buffer;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let script: ChatReply[] = [];
  let used = 0;
  const requests: RecordedChatRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const path = new URL(incoming.url ?? '/', 'http://127.0.0.1').pathname;
    let body: RecordedChatRequest['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedChatRequest['body'];
    } catch {
      body = {};
    }
    requests.push({ path, headers: incoming.headers, body });
    if (path === '/v1/audio/speech' && options.speech) {
      response.writeHead(200, { 'content-type': 'audio/wav' });
      response.end(options.speech);
      return;
    }
    const reply =
      path === '/v1/chat/completions'
        ? (script[Math.min(used++, script.length - 1)] ?? { status: 500, json: { error: { message: 'no answer scripted', type: 'server_error' } } })
        : { status: 404, json: { error: { message: `no route ${path}`, type: 'invalid_request_error' } } };
    if ('stall' in reply && reply.stall) return;
    response.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.json));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    script(...replies) {
      script = replies;
      used = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
