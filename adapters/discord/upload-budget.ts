/**
 * How large a clip may be when it reaches Discord. The per-file limit is 10 MiB for every server
 * since 2025-01 (maybe 20 MiB since 2026-09, unconfirmed); boosts raise it, and an interaction says
 * exactly how much in `attachment_size_limit`.
 */

const MIB = 1024 * 1024;

/**
 * Every server accepts 10 MiB, so a clip re-fitted after a refusal stays under 9.5 MiB, whatever
 * the stated limit was (the delivery worker re-fits; this is the port's ceiling for it).
 */
export const REFIT_CEILING_BYTES = Math.floor(9.5 * MIB);

/** Commonly cited boost limits (tier → bytes); tiers 0 and 1 get the default. */
const BOOST_TIER_BYTES: Readonly<Record<number, number>> = { 2: 50 * MIB, 3: 100 * MIB };

export interface UploadBudgetInput {
  /** The interaction's `attachmentSizeLimit`, when there is an interaction. */
  attachmentSizeLimit: number | null | undefined;
  /** The guild's `premiumTier`, or null in DMs. */
  premiumTier: number | null;
  /** DISCORD_UPLOAD_BYTES. */
  defaultBytes: number;
}

/** The interaction's own figure wins; else the larger of the default and the boost tier's. */
export function uploadBudgetBytes(input: UploadBudgetInput): number {
  if (typeof input.attachmentSizeLimit === 'number' && input.attachmentSizeLimit > 0) return Math.floor(input.attachmentSizeLimit);
  const boost = input.premiumTier === null ? 0 : (BOOST_TIER_BYTES[input.premiumTier] ?? 0);
  return Math.max(input.defaultBytes, boost);
}

/** Discord's "too large": HTTP 413, JSON code 40005 (a Cloudflare 413 has no JSON code). */
export function isUploadTooLarge(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  return status === 413 || code === 40005;
}
