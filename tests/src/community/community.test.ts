import { describe, expect, it } from 'vitest';
import { clipLink } from '../../../src/community/clip-link.ts';
import { communityOf, isAllowedChannel } from '../../../src/community/community-ref.ts';

describe('communityOf', () => {
  it('is the server or group, else the user’s own space', () => {
    expect(communityOf('discord', '42', 'ada')).toEqual({ platform: 'discord', communityId: '42' });
    expect(communityOf('telegram', null, '7')).toEqual({ platform: 'telegram', communityId: 'dm:7' });
  });
});

describe('isAllowedChannel', () => {
  const origin = { conversationId: 'chan', threadId: 'thread', communityId: 'g' };
  it('answers everywhere without a list, and in listed channels, their threads and listed topics', () => {
    expect(isAllowedChannel(null, origin)).toBe(true);
    expect(isAllowedChannel(['chan'], origin)).toBe(true);
    expect(isAllowedChannel(['thread'], origin)).toBe(true);
    expect(isAllowedChannel(['other'], origin)).toBe(false);
    expect(isAllowedChannel([], { ...origin, threadId: null })).toBe(false);
  });
});

describe('clipLink', () => {
  it('builds each platform’s message link where it has one', () => {
    expect(clipLink({ platform: 'discord', communityId: '10', conversationId: '20', clipMessageId: '30' })).toBe('https://discord.com/channels/10/20/30');
    expect(clipLink({ platform: 'discord', communityId: 'dm:5', conversationId: '20', clipMessageId: '30' })).toBe('https://discord.com/channels/@me/20/30');
    expect(clipLink({ platform: 'telegram', communityId: '-1001234', conversationId: '-1001234', clipMessageId: '-1001234:77' })).toBe('https://t.me/c/1234/77');
    expect(clipLink({ platform: 'telegram', communityId: '-555', conversationId: '-555', clipMessageId: '-555:77' })).toBeNull();
    expect(clipLink({ platform: 'discord', communityId: '10', conversationId: '20', clipMessageId: null })).toBeNull();
  });
});
