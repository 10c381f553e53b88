import { communityOf, isAllowedChannel } from '../community/community-ref.ts';
import { NO_SETTINGS, type CommunityRef, type CommunitySettings } from '../ports/community-records.ts';
import type { RequestEvent } from './chat-events.ts';
import type { CoreParts } from './core-parts.ts';

/** What an admin's settings mean for one event: whose community it is, and how to answer there. */
export interface CommunityView {
  community: CommunityRef;
  settings: CommunitySettings;
  /** False in a channel the admin did not list: the event is not for us. */
  allowed: boolean;
  /** The community's language when an admin set one, else the requester's. */
  locale: string;
}

/** Reads the event's community settings (none without a record: every channel, the user's language). */
export async function viewCommunity(parts: Pick<CoreParts, 'port' | 'records'>, event: Pick<RequestEvent, 'origin' | 'requester'>): Promise<CommunityView> {
  const community = communityOf(parts.port.platform, event.origin.communityId, event.requester.userId);
  const settings = parts.records ? await parts.records.settings.get(community) : NO_SETTINGS;
  return { community, settings, allowed: isAllowedChannel(settings.channels, event.origin), locale: settings.locale ?? event.requester.locale };
}

/** The event as the rest of the core should see it: replies in the community's language. */
export function inCommunityLanguage<T extends Pick<RequestEvent, 'requester'>>(event: T, view: CommunityView): T {
  return view.locale === event.requester.locale ? event : { ...event, requester: { ...event.requester, locale: view.locale } };
}
