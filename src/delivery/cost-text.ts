import { translate } from '../i18n/messages.ts';

/** Dollars as chats show them: cents, and never "$0.00" for a cost that is not free. */
function formatUsd(usd: number): string {
  return usd > 0 && usd < 0.01 ? '<$0.01' : `$${usd.toFixed(2)}`;
}

/**
 * "≈ $0.40" before generation (the model table's dated price), "cost $0.41" on the clip; "free"
 * for the local renderer. Null when the price is unknown: no figure beats a wrong one.
 */
export function renderCost(locale: string, usd: number | null | undefined, kind: 'estimate' | 'actual'): string | null {
  if (usd === null || usd === undefined) return null;
  if (usd === 0) return translate(locale, 'cost.free');
  return translate(locale, kind === 'estimate' ? 'cost.estimate' : 'cost.actual', { usd: formatUsd(usd) });
}
