import {
  NO_SETTINGS,
  type CommunityRecords,
  type CommunityRef,
  type CommunitySettings,
  type CreationEntry,
  type ForgetReport,
  type LedgerReservation,
  type LedgerState,
  type Spend,
  type UserPreferences,
  type UserRef,
} from '../../src/ports/community-records.ts';

/**
 * CommunityRecords kept in memory, for tests until the database lands: it stores and sums as the
 * port describes (released lines cost nothing, keys are unique, forget keeps spend lines). Build
 * it only through `createTestRecords()`, so the swap to the real store happens in one place.
 */

interface LedgerLine extends LedgerReservation {
  state: LedgerState;
  atMs: number;
}

const userKey = (user: UserRef): string => `${user.platform}:${user.userId}`;
const communityKey = (community: CommunityRef): string => `${community.platform}:${community.communityId}`;
const counts = (line: LedgerLine): boolean => line.state !== 'released';
const sum = (lines: LedgerLine[]): Spend => ({ seconds: lines.reduce((total, line) => total + line.seconds, 0), usd: lines.reduce((total, line) => total + (line.usd ?? 0), 0) });
const NO_PREFERENCES: UserPreferences = { locale: null, style: null, model: null };

export function createMemoryRecords(): CommunityRecords {
  const creations = new Map<string, CreationEntry>();
  const ledger: LedgerLine[] = [];
  const settings = new Map<string, CommunitySettings>();
  const preferences = new Map<string, UserPreferences>();

  const update = (id: string, fields: Partial<CreationEntry>, atMs: number) => {
    const entry = creations.get(id);
    if (entry) creations.set(id, { ...entry, ...fields, updatedAt: atMs });
  };
  const newestFirst = (entries: Iterable<CreationEntry>, limit: number) => [...entries].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  const linesOf = (creationId: string) => ledger.filter((line) => line.creationId === creationId);

  return {
    creations: {
      async accepted(entry, atMs) {
        if (creations.has(entry.id)) return;
        creations.set(entry.id, { ...entry, plan: null, modelId: null, seconds: null, state: 'accepted', costUsd: null, clipId: null, clipMessageId: null, createdAt: atMs, updatedAt: atMs });
      },
      async planned(id, plan, modelId, seconds, atMs) {
        update(id, { plan, modelId, seconds, state: 'planned' }, atMs);
      },
      async finished(id, outcome, atMs) {
        update(id, { state: outcome.state, costUsd: outcome.costUsd ?? null, clipId: outcome.clipId ?? null, clipMessageId: outcome.clipMessageId ?? null }, atMs);
      },
      get: async (id) => creations.get(id) ?? null,
      recentOf: async (user, limit) =>
        newestFirst(
          [...creations.values()].filter((entry) => entry.platform === user.platform && entry.userId === user.userId),
          limit,
        ),
      recent: async (limit) => newestFirst(creations.values(), limit),
    },
    ledger: {
      async reserve(line, atMs) {
        if (ledger.some((other) => other.creationId === line.creationId && other.shot === line.shot && other.round === line.round)) return false;
        ledger.push({ ...line, state: 'reserved', atMs });
        return true;
      },
      async settle(creationId, actualUsdByShot) {
        const open = linesOf(creationId).filter((line) => line.state === 'reserved' || line.state === 'held');
        for (const line of open) {
          line.state = 'settled';
          const actual = actualUsdByShot?.get(line.shot);
          if (actual !== undefined && actual !== null) line.usd = actual;
        }
        return open.length;
      },
      async release(creationId, _atMs, options = {}) {
        const releasable = linesOf(creationId).filter(
          (line) =>
            (line.state === 'reserved' || (options.includeHeld === true && line.state === 'held')) &&
            (options.shot === undefined || line.shot === options.shot) &&
            (options.round === undefined || line.round === options.round),
        );
        for (const line of releasable) line.state = 'released';
        return releasable.length;
      },
      async hold(key) {
        const line = ledger.find((candidate) => candidate.creationId === key.creationId && candidate.shot === key.shot && candidate.round === key.round);
        if (line) line.state = 'held';
      },
      spentBy: async (user, sinceMs, communityId) =>
        sum(ledger.filter((line) => counts(line) && line.atMs >= sinceMs && userKey(line.user) === userKey(user) && (communityId === undefined || line.communityId === communityId))),
      spentIn: async (community, sinceMs) =>
        sum(ledger.filter((line) => counts(line) && line.atMs >= sinceMs && line.user.platform === community.platform && line.communityId === community.communityId)),
      async topSpenders(community, sinceMs, limit) {
        const byUser = new Map<string, LedgerLine[]>();
        for (const line of ledger) {
          if (!counts(line) || line.atMs < sinceMs || line.user.platform !== community.platform || line.communityId !== community.communityId) continue;
          byUser.set(line.user.userId, [...(byUser.get(line.user.userId) ?? []), line]);
        }
        return [...byUser]
          .map(([userId, lines]) => ({ userId, ...sum(lines) }))
          .sort((a, b) => b.usd - a.usd || b.seconds - a.seconds)
          .slice(0, limit);
      },
    },
    settings: {
      get: async (community) => settings.get(communityKey(community)) ?? NO_SETTINGS,
      async update(community, patch) {
        const next = { ...(settings.get(communityKey(community)) ?? NO_SETTINGS), ...patch };
        settings.set(communityKey(community), next);
        return next;
      },
      preferencesOf: async (user) => preferences.get(userKey(user)) ?? NO_PREFERENCES,
      async setPreferences(user, patch) {
        const next = { ...(preferences.get(userKey(user)) ?? NO_PREFERENCES), ...patch };
        preferences.set(userKey(user), next);
        return next;
      },
    },
    async forget(user): Promise<ForgetReport> {
      const mine = [...creations.values()].filter((entry) => entry.platform === user.platform && entry.userId === user.userId);
      for (const entry of mine) creations.delete(entry.id);
      const hadPreferences = preferences.delete(userKey(user));
      return {
        creations: mine.length,
        clips: mine.filter((entry) => entry.clipId !== null).length,
        preferences: hadPreferences ? 1 : 0,
        ledgerLinesKept: ledger.filter((line) => userKey(line.user) === userKey(user)).length,
      };
    },
  };
}

/** The records every test uses: the one place to swap in the real database store. */
export function createTestRecords(): CommunityRecords {
  return createMemoryRecords();
}
