import {
  NO_SETTINGS,
  type CommunityRecords,
  type CommunityRef,
  type CommunitySettings,
  type CreationEntry,
  type CreationLog,
  type ForgetReport,
  type Ledger,
  type LedgerKey,
  type LedgerReservation,
  type LedgerState,
  type SettingsStore,
  type Spend,
  type UserPreferences,
  type UserRef,
} from '../ports/community-records.ts';

/**
 * The community record held in this process's memory: what Reverie keeps until the database of
 * issue #12 lands (and what tests run against until then). Honest about what it promises: it
 * stores, sums and changes state conditionally like the database will, but forgets everything when
 * the process stops and is not shared between processes.
 */

interface LedgerLine extends LedgerReservation {
  state: LedgerState;
  reservedAt: number;
  updatedAt: number;
}

const userKey = (user: UserRef) => `${user.platform}:${user.userId}`;
const communityKey = (community: CommunityRef) => `${community.platform}:${community.communityId}`;
const lineKey = (key: LedgerKey) => `${key.creationId}#${key.shot}#${key.round}`;
const counts = (line: LedgerLine) => line.state !== 'released';

function sum(lines: Iterable<LedgerLine>): Spend {
  let seconds = 0;
  let usd = 0;
  for (const line of lines) {
    seconds += line.seconds;
    usd += line.usd ?? 0;
  }
  return { seconds, usd: Math.round(usd * 10_000) / 10_000 };
}

function newestFirst(entries: Iterable<CreationEntry>, limit: number): CreationEntry[] {
  return [...entries].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
}

class MemoryCreationLog implements CreationLog {
  readonly entries = new Map<string, CreationEntry>();

  async accepted(entry: Pick<CreationEntry, 'id' | 'platform' | 'communityId' | 'conversationId' | 'userId' | 'displayName' | 'sentence'>, atMs: number): Promise<void> {
    if (this.entries.has(entry.id)) return;
    this.entries.set(entry.id, { ...entry, plan: null, modelId: null, seconds: null, state: 'accepted', costUsd: null, clipId: null, clipMessageId: null, createdAt: atMs, updatedAt: atMs });
  }

  async planned(id: string, plan: CreationEntry['plan'], modelId: string, seconds: number, atMs: number): Promise<void> {
    const entry = this.entries.get(id);
    if (entry) this.entries.set(id, { ...entry, plan, modelId, seconds, state: 'planned', updatedAt: atMs });
  }

  async finished(id: string, outcome: Parameters<CreationLog['finished']>[1], atMs: number): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.set(id, {
      ...entry,
      state: outcome.state,
      costUsd: outcome.costUsd ?? entry.costUsd,
      clipId: outcome.clipId ?? entry.clipId,
      clipMessageId: outcome.clipMessageId ?? entry.clipMessageId,
      updatedAt: atMs,
    });
  }

  async get(id: string): Promise<CreationEntry | null> {
    return this.entries.get(id) ?? null;
  }

  async recentOf(user: UserRef, limit: number): Promise<CreationEntry[]> {
    return newestFirst(
      [...this.entries.values()].filter((entry) => entry.platform === user.platform && entry.userId === user.userId),
      limit,
    );
  }

  async recent(limit: number): Promise<CreationEntry[]> {
    return newestFirst(this.entries.values(), limit);
  }
}

class MemoryLedger implements Ledger {
  readonly lines = new Map<string, LedgerLine>();

  async reserve(line: LedgerReservation, atMs: number): Promise<boolean> {
    const key = lineKey(line);
    if (this.lines.has(key)) return false;
    this.lines.set(key, { ...line, state: 'reserved', reservedAt: atMs, updatedAt: atMs });
    return true;
  }

  async settle(creationId: string, actualUsdByShot: ReadonlyMap<number, number | null> | null, atMs: number): Promise<number> {
    let settled = 0;
    for (const line of this.lines.values()) {
      if (line.creationId !== creationId || (line.state !== 'reserved' && line.state !== 'held')) continue;
      const actual = actualUsdByShot?.get(line.shot);
      line.state = 'settled';
      line.usd = actual === undefined || actual === null ? line.usd : actual;
      line.updatedAt = atMs;
      settled += 1;
    }
    return settled;
  }

  async release(creationId: string, atMs: number, options: { includeHeld?: boolean; shot?: number; round?: number } = {}): Promise<number> {
    let released = 0;
    for (const line of this.lines.values()) {
      if (line.creationId !== creationId || (options.shot !== undefined && line.shot !== options.shot) || (options.round !== undefined && line.round !== options.round)) continue;
      if (line.state !== 'reserved' && !(options.includeHeld && line.state === 'held')) continue;
      line.state = 'released';
      line.updatedAt = atMs;
      released += 1;
    }
    return released;
  }

  async hold(key: LedgerKey, atMs: number): Promise<void> {
    const line = this.lines.get(lineKey(key));
    if (line?.state !== 'reserved') return;
    line.state = 'held';
    line.updatedAt = atMs;
  }

  async spentBy(user: UserRef, sinceMs: number, communityId?: string): Promise<Spend> {
    return sum(this.since(sinceMs).filter((line) => userKey(line.user) === userKey(user) && (communityId === undefined || line.communityId === communityId)));
  }

  async spentIn(community: CommunityRef, sinceMs: number): Promise<Spend> {
    return sum(this.since(sinceMs).filter((line) => line.user.platform === community.platform && line.communityId === community.communityId));
  }

  async topSpenders(community: CommunityRef, sinceMs: number, limit: number): Promise<Array<{ userId: string } & Spend>> {
    const byUser = new Map<string, LedgerLine[]>();
    for (const line of this.since(sinceMs)) {
      if (line.user.platform !== community.platform || line.communityId !== community.communityId) continue;
      byUser.set(line.user.userId, [...(byUser.get(line.user.userId) ?? []), line]);
    }
    return [...byUser]
      .map(([userId, lines]) => ({ userId, ...sum(lines) }))
      .sort((a, b) => b.usd - a.usd || b.seconds - a.seconds)
      .slice(0, limit);
  }

  /** Lines that count (not released) reserved at or after `sinceMs`. */
  private since(sinceMs: number): LedgerLine[] {
    return [...this.lines.values()].filter((line) => counts(line) && line.reservedAt >= sinceMs);
  }
}

const NO_PREFERENCES: UserPreferences = { locale: null, style: null, model: null };

class MemorySettings implements SettingsStore {
  readonly communities = new Map<string, CommunitySettings>();
  readonly preferences = new Map<string, UserPreferences>();

  async get(community: CommunityRef): Promise<CommunitySettings> {
    return this.communities.get(communityKey(community)) ?? NO_SETTINGS;
  }

  async update(community: CommunityRef, patch: Partial<CommunitySettings>): Promise<CommunitySettings> {
    const next = { ...(await this.get(community)), ...patch };
    this.communities.set(communityKey(community), next);
    return next;
  }

  async preferencesOf(user: UserRef): Promise<UserPreferences> {
    return this.preferences.get(userKey(user)) ?? NO_PREFERENCES;
  }

  async setPreferences(user: UserRef, patch: Partial<UserPreferences>): Promise<UserPreferences> {
    const next = { ...(await this.preferencesOf(user)), ...patch };
    this.preferences.set(userKey(user), next);
    return next;
  }
}

export class MemoryRecords implements CommunityRecords {
  readonly creations = new MemoryCreationLog();
  readonly ledger = new MemoryLedger();
  readonly settings = new MemorySettings();

  async forget(user: UserRef): Promise<ForgetReport> {
    const theirs = [...this.creations.entries.values()].filter((entry) => entry.platform === user.platform && entry.userId === user.userId);
    for (const entry of theirs) this.creations.entries.delete(entry.id);
    const preferences = this.settings.preferences.delete(userKey(user)) ? 1 : 0;
    const ledgerLinesKept = [...this.ledger.lines.values()].filter((line) => userKey(line.user) === userKey(user)).length;
    return { creations: theirs.length, clips: theirs.filter((entry) => entry.clipId !== null).length, preferences, ledgerLinesKept };
  }
}
