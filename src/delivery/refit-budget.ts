/**
 * The budget for the one re-fit after a platform refused a clip as too large: 80% of what was
 * refused (the stated limit was wrong, so go well under it), capped by the port's own ceiling
 * (Discord: under the 10 MiB every server takes).
 */
export function refitBudgetBytes(refusedBytes: number, ceilingBytes: number | null): number {
  const underRefused = Math.floor(refusedBytes * 0.8);
  return ceilingBytes === null ? underRefused : Math.min(underRefused, ceilingBytes);
}
