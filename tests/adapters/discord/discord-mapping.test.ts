import { describe, expect, it } from 'vitest';
import { actionForEmoji, decodeControlId, encodeControlId, isOwnThread, MAX_CUSTOM_ID_CHARS, postChannelOf, statusChannelOf } from '../../../adapters/discord/discord-ids.ts';
import { defuseMentions, guessLocale, threadNameFrom, truncateText } from '../../../adapters/discord/discord-text.ts';
import { renderCommands } from '../../../adapters/discord/render-commands.ts';
import { isUploadTooLarge, REFIT_CEILING_BYTES, uploadBudgetBytes } from '../../../adapters/discord/upload-budget.ts';
import { refitBudgetBytes } from '../../../src/delivery/refit-budget.ts';
import { ALL_COMMANDS } from '../../../commands/all-commands.ts';
import type { Address } from '../../../src/domain/creation-request.ts';

/** The adapter's plain mapping functions, without any network. */

const MIB = 1024 * 1024;
const address = (fields: Partial<Address>): Address => ({ platform: 'discord', conversationId: '100', threadId: null, replyToMessageId: null, statusMessageId: null, communityId: null, ...fields });

describe('button custom_ids', () => {
  it('carry the action and the clip id, and round-trip', () => {
    expect(encodeControlId('regenerate', 'discord-m123-r')).toBe('reverie:r:discord-m123-r');
    expect(decodeControlId('reverie:v:discord-m123')).toEqual({ action: 'variation', clipId: 'discord-m123' });
    expect(decodeControlId('reverie:d:discord-i9')).toEqual({ action: 'delete', clipId: 'discord-i9' });
  });

  it('stay within 100 characters, leaving out a clip id that does not fit (found by message then)', () => {
    const long = `discord-m1234567890123456789${'-r'.repeat(40)}`;
    const id = encodeControlId('regenerate', long);
    expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_CHARS);
    expect(decodeControlId(id)).toEqual({ action: 'regenerate', clipId: null });
  });

  it('ignore other components and malformed ids', () => {
    expect(decodeControlId('other:r:x')).toBeNull();
    expect(decodeControlId('reverie:x:clip')).toBeNull();
    expect(decodeControlId('reverie:r:a:b')).toBeNull();
    expect(decodeControlId('reverie:r:bad id!')).toEqual({ action: 'regenerate', clipId: null });
  });
});

describe('reactions', () => {
  it('map 🔁 🎲 ❌ (with or without a variation selector) and nothing else', () => {
    expect(actionForEmoji('🔁')).toBe('regenerate');
    expect(actionForEmoji('🎲')).toBe('variation');
    expect(actionForEmoji('❌')).toBe('delete');
    expect(actionForEmoji('❌\uFE0F')).toBe('delete');
    expect(actionForEmoji('👍')).toBeNull();
    expect(actionForEmoji(null)).toBeNull();
  });
});

describe('addresses', () => {
  it('find the status card: a slash command’s card is the thread starter in the parent channel', () => {
    const slash = address({ threadId: '555', statusMessageId: '555' });
    expect(statusChannelOf(slash)).toBe('100');
    expect(postChannelOf(slash)).toBe('555');
    const mention = address({ threadId: '555', statusMessageId: '777' });
    expect(statusChannelOf(mention)).toBe('555');
    expect(statusChannelOf(address({ statusMessageId: '777' }))).toBe('100');
  });

  it('name only threads the bot started for the request', () => {
    expect(isOwnThread('discord-m555', address({ threadId: '555', statusMessageId: '777' }))).toBe(true);
    expect(isOwnThread('discord-i9', address({ threadId: '555', statusMessageId: '555' }))).toBe(true);
    expect(isOwnThread('discord-m556', address({ threadId: '555', statusMessageId: '777' }))).toBe(false); // a mention inside someone's thread
    expect(isOwnThread('discord-m555-r', address({ threadId: '555', statusMessageId: '888' }))).toBe(false);
    expect(isOwnThread('discord-m555', address({}))).toBe(false);
  });
});

describe('upload budget', () => {
  it('takes the interaction’s attachmentSizeLimit, else the default or the boost tier', () => {
    expect(uploadBudgetBytes({ attachmentSizeLimit: 25 * MIB, premiumTier: 0, defaultBytes: 10 * MIB })).toBe(25 * MIB);
    expect(uploadBudgetBytes({ attachmentSizeLimit: undefined, premiumTier: 0, defaultBytes: 10 * MIB })).toBe(10 * MIB);
    expect(uploadBudgetBytes({ attachmentSizeLimit: null, premiumTier: 2, defaultBytes: 10 * MIB })).toBe(50 * MIB);
    expect(uploadBudgetBytes({ attachmentSizeLimit: null, premiumTier: null, defaultBytes: 20 * MIB })).toBe(20 * MIB);
  });

  it('re-fits a refused file to 80%, and always under the 10 MiB floor', () => {
    expect(refitBudgetBytes(4 * MIB, REFIT_CEILING_BYTES)).toBe(Math.floor(3.2 * MIB));
    expect(refitBudgetBytes(24 * MIB, REFIT_CEILING_BYTES)).toBeLessThan(10 * MIB);
    expect(refitBudgetBytes(24 * MIB, null)).toBe(Math.floor(19.2 * MIB));
    expect(isUploadTooLarge({ status: 413 })).toBe(true);
    expect(isUploadTooLarge({ status: 400, code: 40005 })).toBe(true);
    expect(isUploadTooLarge({ status: 400, code: 50035 })).toBe(false);
  });
});

describe('text', () => {
  it('defuses mentions in thread names and keeps them within 100 characters', () => {
    expect(defuseMentions('hi @everyone <@123> <@&456> @here')).toBe('hi @\u200beveryone   @\u200bhere');
    const name = threadNameFrom(`a short about ${'snow '.repeat(40)}`, 'en-US');
    expect([...name].length).toBeLessThanOrEqual(100);
    expect(threadNameFrom('  <@123>  ', 'zh-CN')).toBe('Reverie 短片');
    expect(truncateText('🎬🎬🎬', 2)).toBe('🎬…');
  });

  it('guesses Chinese from Han script, else the server’s locale', () => {
    expect(guessLocale('做一个初雪的短片', 'en-US')).toBe('zh-CN');
    expect(guessLocale('a short about snow', 'fr')).toBe('fr');
    expect(guessLocale('a short about snow', null)).toBe('en-US');
  });
});

describe('slash commands from commands/', () => {
  it('render every definition with Chinese localizations and required options first', () => {
    const rendered = renderCommands();
    expect(rendered.map((command) => command.name)).toEqual(ALL_COMMANDS.map((command) => command.name));
    const short = rendered.find((command) => command.name === 'short');
    expect(short?.description_localizations).toMatchObject({ 'zh-CN': '把一句话变成短视频', 'zh-TW': '把一句话变成短视频' });
    expect(short?.options?.map((option) => [option.name, option.type, option.required])).toEqual([
      ['sentence', 3, true],
      ['avatar', 5, false],
      ['style', 3, false],
      ['orientation', 3, false],
      ['seconds', 4, false],
      ['model', 3, false],
    ]);
    expect(short?.contexts).toEqual([0, 1]);
    const seconds = short?.options?.find((option) => option.name === 'seconds') as { min_value?: number; max_value?: number };
    expect([seconds.min_value, seconds.max_value]).toEqual([3, 60]);
  });
});
