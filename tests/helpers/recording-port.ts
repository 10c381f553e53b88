import { readFile } from 'node:fs/promises';
import type { ChatPort, ClipPost, FailurePost, PreviewPost } from '../../src/ports/chat-port.ts';
import type { Address, Platform } from '../../src/domain/creation-request.ts';

/** An in-process ChatPort that records what the core asked it to show. */
export interface RecordingPort extends ChatPort {
  statuses: { requestId: string; text: string; stage: string }[];
  clips: ClipPost[];
  /** Previews shown, with the frame's bytes (the file is removed once showPreview returns). */
  previews: { post: PreviewPost; image: Buffer }[];
  failures: FailurePost[];
  /** What the core wrote onto cards (refusals), and the cards it took back (duplicates). */
  cards: { where: Address; text: string }[];
  removedCards: Address[];
  /** Resolves with the next clip or failure for a request. */
  outcome(requestId: string): Promise<{ kind: 'clip'; post: ClipPost } | { kind: 'failure'; post: FailurePost }>;
}

export function createRecordingPort(platform: Platform = 'console'): RecordingPort {
  const waiters = new Map<string, (value: { kind: 'clip'; post: ClipPost } | { kind: 'failure'; post: FailurePost }) => void>();
  const settled = new Map<string, { kind: 'clip'; post: ClipPost } | { kind: 'failure'; post: FailurePost }>();
  const settle = (requestId: string, value: { kind: 'clip'; post: ClipPost } | { kind: 'failure'; post: FailurePost }) => {
    settled.set(requestId, value);
    waiters.get(requestId)?.(value);
  };
  const port: RecordingPort = {
    platform,
    refitCeilingBytes: null,
    statuses: [],
    clips: [],
    previews: [],
    failures: [],
    cards: [],
    removedCards: [],
    async updateStatus(request, text, progress) {
      port.statuses.push({ requestId: request.id, text, stage: progress.stage });
    },
    async showPreview(post) {
      port.previews.push({ post, image: await readFile(post.imagePath) });
      return { messageId: null };
    },
    async postClip(post) {
      port.clips.push(post);
      settle(post.clip.request.id, { kind: 'clip', post });
      return { messageId: `message-${port.clips.length}` };
    },
    async postFailure(post) {
      port.failures.push(post);
      settle(post.request.id, { kind: 'failure', post });
    },
    async explainOnCard(where, text) {
      port.cards.push({ where, text });
    },
    async removeCard(where) {
      port.removedCards.push(where);
    },
    outcome(requestId) {
      const done = settled.get(requestId);
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => waiters.set(requestId, resolve));
    },
  };
  return port;
}
