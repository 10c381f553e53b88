import { copyFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ChatPort, ClipPost, FailurePost } from '../../src/ports/chat-port.ts';
import { translate } from '../../src/i18n/messages.ts';

export interface ConsoleOutcome {
  status: 'done' | 'failed';
  text: string;
  path: string | null;
}

export interface ConsolePortOptions {
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Where a request's clip is copied: the --out path or a file under DATA_DIR/out. */
  outputPathFor: (requestId: string) => string;
  /** Called once per request when its clip or failure is posted. */
  onOutcome: (requestId: string, outcome: ConsoleOutcome) => void;
}

/**
 * The terminal as a chat: one status line rewritten in place on a TTY (a plain new line per
 * change otherwise, so CI logs stay readable), then the plan summary and the MP4's path.
 */
export function createConsolePort(options: ConsolePortOptions): ChatPort {
  const { output } = options;
  const inPlace = output.isTTY === true;
  let statusOpen = false;
  const endStatusLine = () => {
    if (statusOpen && inPlace) output.write('\n');
    statusOpen = false;
  };
  return {
    platform: 'console',
    refitCeilingBytes: null,
    async updateStatus(_request, text) {
      const line = text.split('\n').join(' · ');
      if (inPlace) output.write(`\r\x1b[2K${line}`);
      else output.write(`${line}\n`);
      statusOpen = true;
    },
    async showPreview(post) {
      // The frame is removed when this returns: a copy beside the clip's output path stays.
      const destination = options.outputPathFor(post.request.id).replace(/(\.mp4)?$/i, '.preview.jpg');
      await mkdir(dirname(destination), { recursive: true });
      await copyFile(post.imagePath, destination);
      endStatusLine();
      output.write(`${post.caption}\n${translate(post.request.requester.locale, 'preview.saved', { path: destination })}\n`);
      return { messageId: null };
    },
    async postClip(post: ClipPost) {
      endStatusLine();
      const { clip } = post;
      const locale = clip.request.requester.locale;
      const destination = options.outputPathFor(clip.request.id);
      await mkdir(dirname(destination), { recursive: true });
      await copyFile(post.filePath, destination);
      const shots = clip.plan.shots.map((shot, index) => `  ${index + 1}. ${shot.seconds}s · ${shot.camera} · ${shot.lighting}\n     ${shot.action}`);
      const lines = [
        translate(locale, 'status.done'),
        post.caption,
        `${clip.plan.aspectRatio} · ${clip.plan.totalSeconds}s · ${clip.plan.style} · ${clip.plan.language}`,
        ...shots,
        ...post.notes.map((note) => `ℹ ${note}`),
        translate(locale, 'result.saved', { path: destination }),
      ];
      output.write(`${lines.join('\n')}\n`);
      options.onOutcome(clip.request.id, { status: 'done', text: post.caption, path: destination });
      return { messageId: destination };
    },
    async explainOnCard(_where, text) {
      endStatusLine();
      output.write(`✖ ${text}\n`);
    },
    // The terminal has no cards to take back.
    async removeCard() {},
    async postFailure(post: FailurePost) {
      endStatusLine();
      output.write(`✖ ${post.text}\n`);
      options.onOutcome(post.request.id, { status: 'failed', text: post.text, path: null });
    },
  };
}
