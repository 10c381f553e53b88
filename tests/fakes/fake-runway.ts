import { readFile } from 'node:fs/promises';
import { startScriptedServer, type FakeReply, type FakeRequest, type ScriptedServer } from './scripted-server.ts';

/**
 * A small Runway API on 127.0.0.1 for the real `@runwayml/sdk`: text_to_video / image_to_video
 * creates, task polling and the output file. Recorded and scriptable like fake-fal; unscripted it
 * walks each task PENDING → RUNNING → SUCCEEDED, one step per poll.
 */

export type RunwayRoute = 'create.text' | 'create.image' | 'task' | 'task.delete' | 'download' | 'unknown';

export interface FakeRunway extends Omit<ScriptedServer<RunwayRoute, FakeRunway>, 'resetScripts'> {
  video: Buffer;
  /** Polls each task has had, by task id. */
  polls: Map<string, number>;
  /** Task ids a DELETE /v1/tasks/<id> (cancel) named, in order (repeats included); a cancelled task polls as CANCELLED. */
  cancels: string[];
  reset(): void;
}

export function runwayError(status: number, error: string): FakeReply {
  return { status, json: { error } };
}

export function runwayFailed(id: string, failureCode: string, failure = 'The output was flagged by moderation.'): FakeReply {
  return { json: { id, status: 'FAILED', createdAt: '2026-12-01T00:00:00Z', failure, failureCode, cost: { credits: 0 } } };
}

function runwayRouteOf(method: string, path: string): { route: RunwayRoute; id: string | null } {
  let match: RegExpExecArray | null;
  if (method === 'POST' && path === '/v1/text_to_video') return { route: 'create.text', id: null };
  if (method === 'POST' && path === '/v1/image_to_video') return { route: 'create.image', id: null };
  if (method === 'GET' && (match = /^\/v1\/tasks\/([^/]+)$/.exec(path))) return { route: 'task', id: match[1] ?? null };
  if (method === 'DELETE' && (match = /^\/v1\/tasks\/([^/]+)$/.exec(path))) return { route: 'task.delete', id: match[1] ?? null };
  if (method === 'GET' && (match = /^\/outputs\/([^/]+)\.mp4$/.exec(path))) return { route: 'download', id: match[1] ?? null };
  return { route: 'unknown', id: null };
}

export async function startFakeRunway(options: { videoPath: string }): Promise<FakeRunway> {
  const video = await readFile(options.videoPath);
  const polls = new Map<string, number>();
  let createCount = 0;

  const defaults = (request: FakeRequest<RunwayRoute>): FakeReply => {
    switch (request.route) {
      case 'create.text':
      case 'create.image':
        return { json: { id: request.id, estimatedCost: { credits: 96 } } };
      case 'task': {
        const id = request.id ?? '';
        const count = polls.get(id) ?? 0;
        polls.set(id, count + 1);
        const common = { id, createdAt: '2026-12-01T00:00:00Z' };
        if (fake.cancels.includes(id)) return { json: { ...common, status: 'CANCELLED' } };
        if (count === 0) return { json: { ...common, status: 'PENDING', estimatedCost: { credits: 96 } } };
        if (count === 1) return { json: { ...common, status: 'RUNNING', progress: 0.5, estimatedCost: { credits: 96 } } };
        return { json: { ...common, status: 'SUCCEEDED', output: [`${fake.url}/outputs/${id}.mp4?_jwt=fake`], cost: { credits: 96 } } };
      }
      case 'task.delete':
        return { status: 204 };
      case 'download':
        return { headers: { 'content-type': 'video/mp4' }, bytes: video };
      default:
        return runwayError(404, `fake-runway has no route for ${request.method} ${request.path}`);
    }
  };
  const prepare = (request: FakeRequest<RunwayRoute>) => {
    if (request.route === 'task.delete' && request.id) fake.cancels.push(request.id);
    if (request.route !== 'create.text' && request.route !== 'create.image') return;
    createCount += 1;
    request.id = `task-${createCount}`;
  };
  const core = await startScriptedServer<RunwayRoute, FakeRunway>('fake-runway', runwayRouteOf, defaults, () => fake, prepare);
  const fake: FakeRunway = {
    url: core.url,
    requests: core.requests,
    script: core.script,
    calls: core.calls,
    waitFor: core.waitFor,
    close: core.close,
    video,
    polls,
    cancels: [],
    reset() {
      core.resetScripts();
      polls.clear();
      fake.cancels = [];
      createCount = 0;
    },
  };
  return fake;
}
