import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatCore } from '../../../src/chat/chat-core.ts';
import type { ControlEvent, IncomingMessage, ScriptSource } from '../../../src/chat/chat-events.ts';
import { NO_OPTIONS, type Address, type MediaRef, type Requester } from '../../../src/domain/creation-request.ts';
import { ProviderError } from '../../../src/domain/errors.ts';
import { translate } from '../../../src/i18n/messages.ts';
import { makeStill } from '../../fixtures/make-media.ts';
import { createFakeMedia, createFakeProvider } from '../../helpers/fake-ports.ts';
import { createRecordingPort, type RecordingPort } from '../../helpers/recording-port.ts';
import { startTestReverie, type TestReverie } from '../../helpers/test-reverie.ts';
import { waitUntil } from '../../helpers/wait-until.ts';

/**
 * The chat core's rules, platform-neutral: what every adapter gets without writing it. Events are
 * plain objects here (what an adapter builds from a platform event); the queue, Redis and the
 * pipeline are real, the video model and ffmpeg are in-process fakes.
 */

const ROOM = 'room-1';
const ada: Requester = { userId: 'ada', displayName: 'Ada', locale: 'en' };
const bea: Requester = { userId: 'bea', displayName: 'Bea', locale: 'en' };

let test: TestReverie | null = null;
let core: ChatCore | null = null;
let port: RecordingPort;

afterEach(async () => {
  await core?.close();
  await test?.cleanup();
  core = null;
  test = null;
});

async function start(provider = createFakeProvider()): Promise<ChatCore> {
  test = await startTestReverie({}, { providers: new Map([[provider.id, provider]]), defaultProviderId: provider.id, media: createFakeMedia() });
  test.reverie.startWorkers();
  port = createRecordingPort('console');
  core = test.reverie.chat.connect(port, { conversationId: ROOM, minEditIntervalMs: 10 });
  return core;
}

let counter = 0;
/** A message as an adapter would hand it over, recording which of its callbacks the core used. */
function message(sentence: string, options: { requester?: Requester; script?: ScriptSource | null; repliedTo?: string | null; useAvatar?: boolean | null; avatar?: MediaRef | null } = {}) {
  counter += 1;
  const calls: string[] = [];
  const where: Address = { platform: 'console', conversationId: ROOM, threadId: null, replyToMessageId: null, statusMessageId: `card-${counter}`, communityId: null };
  const event: IncomingMessage = {
    requestId: `chat-core-${counter}`,
    requester: options.requester ?? ada,
    origin: where,
    receivedAt: Date.now(),
    sentence,
    repliedToMessageKey: options.repliedTo ?? null,
    options: { ...NO_OPTIONS, useAvatar: options.useAvatar ?? null },
    pictures: [],
    maxUploadBytes: 10_000_000,
    async readScript() {
      calls.push('readScript');
      return options.script ?? null;
    },
    async readAvatar() {
      calls.push('readAvatar');
      return options.avatar ?? null;
    },
    async acknowledge() {
      calls.push('acknowledge');
      return where;
    },
    async replyCard() {
      calls.push('replyCard');
      return { statusMessageId: `reply-card-${counter}`, replyToMessageId: 'their-reply' };
    },
  };
  return { event, calls, where };
}

/** A control on a posted message, as a click (or reaction) decodes. */
function control(action: ControlEvent['action'], messageKey: string, userId: string, options: { via?: ControlEvent['via']; moderator?: boolean; targetId?: string | null } = {}) {
  const calls: string[] = [];
  const event: ControlEvent = {
    action,
    via: options.via ?? 'button',
    targetId: options.targetId ?? null,
    messageKey,
    userId,
    locale: 'en',
    receivedAt: Date.now(),
    canModerate: async () => options.moderator ?? false,
    async replyCard() {
      calls.push('replyCard');
      return { statusMessageId: `take-card-${calls.length}`, replyToMessageId: messageKey };
    },
    async deleteMessage() {
      calls.push('deleteMessage');
      return 'deleted';
    },
  };
  return { event, calls };
}

/** A request made to the end: the clip's message key as the port recorded it. */
async function deliveredClip(chat: ChatCore): Promise<string> {
  const first = message('a 3 second short about a paper boat');
  expect((await chat.messageArrived(first.event)).status).toBe('accepted');
  await port.outcome(first.event.requestId);
  const key = `message-${port.clips.length}`;
  // The port answers before the delivery worker records which message holds the clip.
  await waitUntil(() => test!.reverie.context.clips.findByMessage('console', key), 'the clip recorded as delivered');
  return key;
}

describe('chat core: requests', () => {
  it('acknowledges first, then refuses a .txt over the size cap without downloading it', async () => {
    const chat = await start();
    let downloaded = false;
    const script: ScriptSource = {
      kind: 'file',
      sizeBytes: 5 * 1024 * 1024,
      download: async () => {
        downloaded = true;
        return new Uint8Array();
      },
    };
    const { event, calls, where } = message('make this into a short', { script });
    const outcome = await chat.messageArrived(event);
    expect(outcome.status).toBe('rejected');
    expect(calls).toEqual(['acknowledge', 'readScript']);
    expect(downloaded).toBe(false);
    expect(port.cards).toEqual([{ where, text: translate('en', 'error.attachment-too-large', { size: '5.00', max: '0.06' }) }]);
  });

  it('explains hidden replied-to text, unless the sentence carries the script itself', async () => {
    const chat = await start();
    const hidden: ScriptSource = { kind: 'hidden', messageKey: 'discord.reply-unreadable' };
    const blind = message('make this into a short', { script: hidden });
    expect(await chat.messageArrived(blind.event)).toMatchObject({ status: 'rejected', text: translate('en', 'discord.reply-unreadable') });
    const inline = message('make a short of this text: Happy holidays, everyone!', { script: hidden });
    expect((await chat.messageArrived(inline.event)).status).toBe('accepted');
  });

  it('reads the avatar only when the request does not decline it', async () => {
    const chat = await start();
    const declined = message('a short about rain, without my avatar', { useAvatar: false });
    await chat.messageArrived(declined.event);
    expect(declined.calls).not.toContain('readAvatar');
    const wanted = message('a short about rain with my avatar');
    await chat.messageArrived(wanted.event);
    expect(wanted.calls).toContain('readAvatar');
  });

  it('hands an avatar file of the adapter’s machine to the worker through the media store, once per picture', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reverie-chat-avatar-'));
    try {
      const bytes = await readFile(await makeStill(join(dir, 'me.png'), 32, 32));
      const seen: Buffer[] = [];
      const chat = await start(createFakeProvider({ onStart: async (input) => void seen.push(await readFile(input.avatar?.path ?? '')) }));
      const avatar: MediaRef = { kind: 'path', location: join(dir, 'me.png'), mimeType: null, source: 'avatar' };
      const first = message('a 3 second short about rain with my avatar', { avatar });
      expect((await chat.messageArrived(first.event)).status).toBe('accepted');
      expect((await port.outcome(first.event.requestId)).kind).toBe('clip');
      const clip = await test!.reverie.context.clips.get(first.event.requestId);
      expect(clip?.request.avatar).toMatchObject({ kind: 'stored', location: expect.stringMatching(/^picture-[0-9a-f]{64}$/), source: 'avatar' });
      expect(seen).toEqual([bytes]);
      // The same picture again is the same key, not a second copy.
      const again = message('a 3 second short about snow with my avatar', { avatar });
      await chat.messageArrived(again.event);
      await port.outcome(again.event.requestId);
      expect((await test!.reverie.context.clips.get(again.event.requestId))?.request.avatar?.location).toBe(clip?.request.avatar?.location);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers a re-delivered event once and takes its extra card back', async () => {
    const chat = await start();
    const first = message('a 3 second short about snow');
    expect((await chat.messageArrived(first.event)).status).toBe('accepted');
    const again = { ...first.event, acknowledge: async () => ({ ...first.where, statusMessageId: 'card-again' }) };
    expect((await chat.messageArrived(again)).status).toBe('duplicate');
    expect(port.removedCards.map((where) => where.statusMessageId)).toEqual(['card-again']);
  });

  it('revises on the requester’s reply to their clip, and takes anyone else’s reply as a new request', async () => {
    const chat = await start();
    const clipKey = await deliveredClip(chat);
    const stranger = message('make it night', { requester: bea, repliedTo: clipKey });
    await chat.messageArrived(stranger.event);
    expect(stranger.calls[0]).toBe('acknowledge');
    const own = message('make it night', { repliedTo: clipKey });
    expect((await chat.messageArrived(own.event)).status).toBe('accepted');
    expect(own.calls).toEqual(['replyCard']);
  });
});

describe('chat core: commands', () => {
  it('answers an unknown command with the help in a direct chat and leaves it alone in a group', async () => {
    const chat = await start();
    const replies: string[] = [];
    const base = { ...message('').event, values: {}, reply: async (text: string) => void replies.push(text), replyGallery: async () => undefined, isAdmin: async () => false };
    expect((await chat.commandInvoked({ ...base, name: 'nope', direct: true })).status).toBe('ignored');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(translate('en', 'help.body'));
    await chat.commandInvoked({ ...base, name: 'nope', direct: false });
    expect(replies).toHaveLength(1);
  });
});

describe('chat core: controls', () => {
  it('lets the requester or a moderator make one new take; a stranger is refused, silently for a reaction', async () => {
    const chat = await start();
    const clipKey = await deliveredClip(chat);

    const strangerReaction = control('regenerate', clipKey, 'bea', { via: 'reaction' });
    expect(await chat.controlUsed(strangerReaction.event)).toBeNull();
    const strangerClick = control('regenerate', clipKey, 'bea');
    expect(await chat.controlUsed(strangerClick.event)).toEqual({ text: translate('en', 'control.not-yours'), alert: true });
    expect([...strangerReaction.calls, ...strangerClick.calls]).toEqual([]);

    const moderator = control('regenerate', clipKey, 'mod', { moderator: true });
    expect(await chat.controlUsed(moderator.event)).toEqual({ text: translate('en', 'control.regenerating'), alert: false });
    const again = control('regenerate', clipKey, 'ada');
    expect(await chat.controlUsed(again.event)).toEqual({ text: translate('en', 'control.duplicate'), alert: false });
    expect([...moderator.calls, ...again.calls]).toEqual(['replyCard']);
  });

  it('deletes for the requester, and tells a click on an unknown clip so', async () => {
    const chat = await start();
    const clipKey = await deliveredClip(chat);
    const removal = control('delete', clipKey, 'ada');
    expect(await chat.controlUsed(removal.event)).toEqual({ text: translate('en', 'control.deleted'), alert: false });
    expect(removal.calls).toEqual(['deleteMessage']);
    expect(await chat.controlUsed(control('variation', 'no-such-message', 'ada').event)).toEqual({ text: translate('en', 'control.unknown-clip'), alert: true });
  });

  it('lets only the requester press "Try again", and only on a failure worth retrying', async () => {
    const unknownFirst = createFakeProvider({
      onStart: (_input, call) => {
        if (call === 1) throw new ProviderError('outcome-unknown', 'connection reset after the create was sent');
      },
    });
    const chat = await start(unknownFirst);
    const first = message('a 3 second short about a lighthouse');
    await chat.messageArrived(first.event);
    expect((await port.outcome(first.event.requestId)).kind).toBe('failure');

    const stranger = control('retry', 'failure-card', 'bea', { targetId: first.event.requestId });
    expect(await chat.controlUsed(stranger.event)).toEqual({ text: translate('en', 'control.not-yours'), alert: true });
    const own = control('retry', 'failure-card', 'ada', { targetId: first.event.requestId });
    expect(await chat.controlUsed(own.event)).toEqual({ text: translate('en', 'control.retrying'), alert: false });
    expect([...stranger.calls, ...own.calls]).toEqual(['replyCard']);
    expect((await port.outcome(`${first.event.requestId}-again`)).kind).toBe('clip');
    expect(unknownFirst.starts).toHaveLength(2);
    expect(await chat.controlUsed(control('retry', 'failure-card', 'ada', { targetId: 'never-failed' }).event)).toEqual({ text: translate('en', 'control.unknown-clip'), alert: true });
  });
});
