import { readFile } from 'node:fs/promises';
import { startScriptedServer, type FakeReply, type FakeRequest, type FakeScript } from './scripted-server.ts';

export type { FakeReply };

/**
 * A small Google on 127.0.0.1 for the real `@google/genai` SDK: the Gemini API's generateContent,
 * Interactions (Omni) and Files, and Vertex's predictLongRunning / fetchPredictOperation (Veo).
 * Every request is recorded; each route answers from a script of replies (the last one repeats)
 * or, with no script, like a healthy Google that finishes every video at once.
 */

export type GoogleRoute = 'generateContent' | 'interactions.create' | 'interactions.get' | 'interactions.cancel' | 'files.get' | 'files.download' | 'veo.create' | 'veo.poll' | 'unknown';

/** One recorded request; `id` is the interaction or file id in the path, when there is one. */
export type RecordedRequest = FakeRequest<GoogleRoute>;

export type ReplyScript = FakeScript<GoogleRoute, FakeGoogle>;

export interface FakeGoogle {
  url: string;
  requests: RecordedRequest[];
  /** The MP4 served by downloads and Veo's inline bytes. */
  video: Buffer;
  /** Replaces a route's script: replies are used in order and the last one repeats. */
  script(route: GoogleRoute, ...replies: ReplyScript[]): void;
  /** Forgets requests, scripts and id counters: the next test starts from interaction-1. */
  reset(): void;
  /** Requests on one route so far. */
  calls(route: GoogleRoute): RecordedRequest[];
  /** Resolves with the `count`-th request on a route (1-based), waiting if needed. */
  waitFor(route: GoogleRoute, count?: number, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

function routeOf(method: string, path: string): { route: GoogleRoute; id: string | null } {
  let match: RegExpExecArray | null;
  if (method === 'POST' && /\/interactions$/.test(path)) return { route: 'interactions.create', id: null };
  if (method === 'GET' && (match = /\/interactions\/([^/:]+)$/.exec(path))) return { route: 'interactions.get', id: match[1] ?? null };
  if (method === 'POST' && (match = /\/interactions\/([^/:]+)\/cancel$/.exec(path))) return { route: 'interactions.cancel', id: match[1] ?? null };
  if (method === 'GET' && (match = /\/files\/([^/:]+):download$/.exec(path))) return { route: 'files.download', id: match[1] ?? null };
  if (method === 'GET' && (match = /\/files\/([^/:]+)$/.exec(path))) return { route: 'files.get', id: match[1] ?? null };
  if (method === 'POST' && path.endsWith(':predictLongRunning')) return { route: 'veo.create', id: null };
  if (method === 'POST' && path.endsWith(':fetchPredictOperation')) return { route: 'veo.poll', id: null };
  if (method === 'POST' && path.endsWith(':generateContent')) return { route: 'generateContent', id: null };
  return { route: 'unknown', id: null };
}

// ——— reply builders ———

export function googleError(status: number, googleStatus: string, message: string, headers: Record<string, string> = {}): FakeReply {
  return { status, headers, json: { error: { code: status, message, status: googleStatus } } };
}

export function omniInProgress(id: string): FakeReply {
  return { json: { id, status: 'in_progress', object: 'interaction', created: '2026-12-01T00:00:00Z', updated: '2026-12-01T00:00:00Z' } };
}

/** A completed interaction whose last step is the model's output `content`. */
function omniCompletedWith(id: string, content: unknown[]): FakeReply {
  return {
    json: { id, status: 'completed', object: 'interaction', created: '2026-12-01T00:00:00Z', updated: '2026-12-01T00:00:10Z', steps: [{ type: 'model_output', content }] },
  };
}

/** A finished Omni interaction whose video is a Files API URI on this fake. */
export function omniCompleted(id: string, fakeUrl: string, fileId = `video-${id}`): FakeReply {
  return omniCompletedWith(id, [{ type: 'video', mime_type: 'video/mp4', uri: `${fakeUrl}/v1beta/files/${fileId}:download?alt=media` }]);
}

/** Completed with only text: how Omni reports a blocked output. */
export function omniCompletedWithoutVideo(id: string, text = 'I can’t create that video.'): FakeReply {
  return omniCompletedWith(id, [{ type: 'text', text }]);
}

export function geminiAnswer(text: string): FakeReply {
  return { json: { candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }], modelVersion: 'fake' } };
}

/** What Gemini TTS answers: raw s16le mono PCM, base64, in the first part's inlineData. */
export function geminiSpeech(pcm: Buffer, rate = 24_000): FakeReply {
  return {
    json: {
      candidates: [{ content: { role: 'model', parts: [{ inlineData: { mimeType: `audio/L16;codec=pcm;rate=${rate}`, data: pcm.toString('base64') } }] }, finishReason: 'STOP', index: 0 }],
      modelVersion: 'fake-tts',
    },
  };
}

export function veoOperationName(index: number, model = 'veo-3.1-fast-generate-001'): string {
  return `projects/fake-project/locations/us-central1/publishers/google/models/${model}/operations/op-${index}`;
}

export function veoDone(name: string, video: Buffer): FakeReply {
  return {
    json: {
      name,
      done: true,
      response: {
        '@type': 'type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse',
        videos: [{ bytesBase64Encoded: video.toString('base64'), mimeType: 'video/mp4' }],
        raiMediaFilteredCount: 0,
      },
    },
  };
}

export function veoFiltered(name: string, reason = 'The prompt could not be submitted. Support codes: 58061214'): FakeReply {
  return { json: { name, done: true, response: { '@type': 'type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse', raiMediaFilteredCount: 1, raiMediaFilteredReasons: [reason] } } };
}

/** Starts the fake; `videoPath` is a real MP4 made by the test with ffmpeg. */
export async function startFakeGoogle(options: { videoPath: string }): Promise<FakeGoogle> {
  const video = await readFile(options.videoPath);
  let createCount = 0;
  let veoCount = 0;

  const defaults = (request: RecordedRequest): FakeReply => {
    switch (request.route) {
      case 'interactions.create':
        createCount += 1;
        return omniInProgress(`interaction-${createCount}`);
      case 'interactions.get':
        return omniCompleted(request.id ?? 'unknown', fake.url);
      case 'interactions.cancel':
        return { json: { id: request.id, status: 'cancelled' } };
      case 'files.get':
        return { json: { name: `files/${request.id}`, mimeType: 'video/mp4', state: 'ACTIVE', uri: `${fake.url}/v1beta/files/${request.id}` } };
      case 'files.download':
        return { headers: { 'content-type': 'video/mp4' }, bytes: video };
      case 'veo.create':
        veoCount += 1;
        return { json: { name: veoOperationName(veoCount) } };
      case 'veo.poll':
        return veoDone(String((request.body as { operationName?: string } | null)?.operationName ?? ''), video);
      case 'generateContent':
        return googleError(500, 'INTERNAL', 'no planner answer scripted in this test');
      default:
        return googleError(404, 'NOT_FOUND', `fake-google has no route for ${request.method} ${request.path}`);
    }
  };

  const core = await startScriptedServer<GoogleRoute, FakeGoogle>('fake-google', routeOf, defaults, () => fake);
  const fake: FakeGoogle = {
    url: core.url,
    requests: core.requests,
    video,
    script: core.script,
    reset() {
      core.resetScripts();
      createCount = 0;
      veoCount = 0;
    },
    calls: core.calls,
    waitFor: core.waitFor,
    close: core.close,
  };
  return fake;
}
