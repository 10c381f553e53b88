import type { CreativePlan } from '../domain/creative-plan.ts';
import type { Platform } from '../domain/creation-request.ts';

/**
 * What Reverie keeps on record for a community (issue #12): every creation, the cost ledger, the
 * settings an admin chose and each user's preferences. The database (SQLite by default,
 * PostgreSQL with DATABASE_URL) implements these; the chat core, the pipeline and `commands/` see
 * only these interfaces.
 */

/** A person on one platform. */
export interface UserRef {
  platform: Platform;
  userId: string;
}

/**
 * A server (Discord guild), a Telegram group, or a private space: `communityId` is the guild id,
 * the group's chat id, or `dm:<userId>` for direct messages and the terminal, so budgets and
 * settings always have an owner.
 */
export interface CommunityRef {
  platform: Platform;
  communityId: string;
}

export type CreationState = 'accepted' | 'planned' | 'rendering' | 'delivered' | 'failed' | 'refused' | 'cancelled';

/** One creation as the record holds it: who, where, what was asked, what was made, what it cost. */
export interface CreationEntry {
  /** The request id (also the BullMQ job id of its plan job). */
  id: string;
  platform: Platform;
  communityId: string;
  conversationId: string;
  userId: string;
  displayName: string;
  sentence: string;
  plan: CreativePlan | null;
  modelId: string | null;
  /** Planned seconds of video, once planned. */
  seconds: number | null;
  state: CreationState;
  /** Settled USD once delivered; null while unknown (or unknown price). */
  costUsd: number | null;
  /** The clip delivered for this creation, and the platform message it was posted as. */
  clipId: string | null;
  clipMessageId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface CreationLog {
  /** Written when a request is accepted; a second call with the same id changes nothing. */
  accepted(entry: Pick<CreationEntry, 'id' | 'platform' | 'communityId' | 'conversationId' | 'userId' | 'displayName' | 'sentence'>, atMs: number): Promise<void>;
  planned(id: string, plan: CreativePlan, modelId: string, seconds: number, atMs: number): Promise<void>;
  /** Terminal states: delivered (with its clip and cost), failed, refused or cancelled. */
  finished(id: string, outcome: { state: Exclude<CreationState, 'accepted' | 'planned' | 'rendering'>; costUsd?: number | null; clipId?: string; clipMessageId?: string }, atMs: number): Promise<void>;
  get(id: string): Promise<CreationEntry | null>;
  /** A user's latest creations, newest first (for /history). */
  recentOf(user: UserRef, limit: number): Promise<CreationEntry[]>;
  /** Everyone's latest creations, newest first (the owner's page). */
  recent(limit: number): Promise<CreationEntry[]>;
}

/**
 * One charge line: a creation's shot in one round of generation (a first take is round 0; the
 * safer rewrite after a refusal, a regenerate or a variation each get their own request id or
 * round). The key is written before the provider's create call, so a worker killed at any point
 * never reserves twice and never loses a charge.
 */
export interface LedgerKey {
  creationId: string;
  shot: number;
  round: number;
}

/** reserved: estimate held while a render runs; settled: billed; released: nothing billed; held: outcome unknown, kept until reconciled or released by an admin. */
export type LedgerState = 'reserved' | 'settled' | 'released' | 'held';

export interface LedgerReservation extends LedgerKey {
  user: UserRef;
  communityId: string;
  modelId: string;
  seconds: number;
  /** The estimate from the model table's dated price; null when the price is unknown. */
  usd: number | null;
}

/** What counts against limits: reserved, held and settled lines (released ones cost nothing). */
export interface Spend {
  seconds: number;
  usd: number;
}

export interface Ledger {
  /** Inserts the line unless its key exists; true when this call inserted it. */
  reserve(line: LedgerReservation, atMs: number): Promise<boolean>;
  /**
   * Every reserved or held line of the creation becomes settled (with the actual USD per shot where
   * known). Conditional on the state, so two workers settling one creation settle it once: returns
   * how many lines this call settled.
   */
  settle(creationId: string, actualUsdByShot: ReadonlyMap<number, number | null> | null, atMs: number): Promise<number>;
  /** Reserved (and, with `includeHeld`, held) lines become released; returns how many. */
  release(creationId: string, atMs: number, options?: { includeHeld?: boolean; shot?: number; round?: number }): Promise<number>;
  /** A create whose outcome is unknown: its reservation stays counted until reconciled. */
  hold(key: LedgerKey, atMs: number): Promise<void>;
  /** What a user spent since `sinceMs` (all communities of their platform, or one). */
  spentBy(user: UserRef, sinceMs: number, communityId?: string): Promise<Spend>;
  spentIn(community: CommunityRef, sinceMs: number): Promise<Spend>;
  /** A community's biggest spenders since `sinceMs`, biggest first. */
  topSpenders(community: CommunityRef, sinceMs: number, limit: number): Promise<Array<{ userId: string } & Spend>>;
}

/** What an admin may set per server or chat; null = the owner's default from the environment. */
export interface CommunitySettings {
  defaultModel: string | null;
  /** Model keys users may pick; null = every configured model. */
  allowedModels: string[] | null;
  userDailySeconds: number | null;
  userDailyUsd: number | null;
  communityMonthlyUsd: number | null;
  maxActivePerUser: number | null;
  cooldownSeconds: number | null;
  /** Channel (or Telegram topic) ids where the bot answers; null = everywhere. */
  channels: string[] | null;
  /** The language replies use in this community; null = each user's own. */
  locale: string | null;
}

export const NO_SETTINGS: CommunitySettings = {
  defaultModel: null,
  allowedModels: null,
  userDailySeconds: null,
  userDailyUsd: null,
  communityMonthlyUsd: null,
  maxActivePerUser: null,
  cooldownSeconds: null,
  channels: null,
  locale: null,
};

export interface UserPreferences {
  locale: string | null;
  style: string | null;
  model: string | null;
}

export interface SettingsStore {
  get(community: CommunityRef): Promise<CommunitySettings>;
  /** Applies the fields present in `patch` (null clears one back to the default); returns the result. */
  update(community: CommunityRef, patch: Partial<CommunitySettings>, atMs: number): Promise<CommunitySettings>;
  preferencesOf(user: UserRef): Promise<UserPreferences>;
  setPreferences(user: UserRef, patch: Partial<UserPreferences>, atMs: number): Promise<UserPreferences>;
}

/** What /forget removed, to tell the user. */
export interface ForgetReport {
  creations: number;
  clips: number;
  preferences: number;
  /** Spend lines kept (amounts and times only) so budgets still hold; they expire with RETENTION_DAYS. */
  ledgerLinesKept: number;
}

/** The whole record, as the rest of Reverie is handed it. */
export interface CommunityRecords {
  creations: CreationLog;
  ledger: Ledger;
  settings: SettingsStore;
  /** Deletes a user's creations, clips and preferences everywhere on their platform. */
  forget(user: UserRef): Promise<ForgetReport>;
}
