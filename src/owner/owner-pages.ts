import type { ProviderErrorEntry } from '../metrics/recent-errors.ts';
import type { CreationEntry } from '../ports/community-records.ts';
import type { CommunitySpend } from './owner-report.ts';
import type { OwnerRole } from './owner-session.ts';

/**
 * The owner's pages as small server-rendered HTML: no client framework, no script, every value
 * escaped (sentences, titles and provider messages are other people's text).
 */

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}nav a{margin-right:1rem}.over{color:#b00;font-weight:bold}';

function page(title: string, body: string, role: OwnerRole | null): string {
  const nav = role
    ? `<nav><a href="/admin">Creations</a><a href="/admin/spend">Spend</a><a href="/admin/errors">Provider errors</a><a href="/admin/queues">Queues</a><span>signed in as ${escapeHtml(role)}</span> <form method="post" action="/admin/logout" style="display:inline"><button>Sign out</button></form></nav>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · Reverie</title><style>${STYLE}</style></head><body>${nav}<h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

const money = (usd: number | null) => (usd === null ? '—' : `$${usd.toFixed(2)}`);
const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

function table(headers: readonly string[], rows: readonly string[][], empty: string): string {
  if (rows.length === 0) return `<p>${escapeHtml(empty)}</p>`;
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function loginPage(refused: boolean): string {
  const error = refused ? '<p role="alert" class="over">That token is not valid.</p>' : '';
  return page(
    'Owner sign-in',
    `${error}<form method="post" action="/admin/login"><label>Token <input type="password" name="token" autocomplete="current-password" required></label> <button type="submit">Sign in</button></form>`,
    null,
  );
}

/** Latest creations: the plan's title stands in for a thumbnail (the clip's frames leave the media store on delivery). */
export function creationsPage(entries: readonly CreationEntry[], role: OwnerRole): string {
  const rows = entries.map((entry) => [
    escapeHtml(when(entry.createdAt)),
    `<strong>${escapeHtml(entry.plan?.title ?? '(not planned yet)')}</strong><br><small>${escapeHtml(entry.sentence)}</small>`,
    escapeHtml(`${entry.displayName} (${entry.platform})`),
    escapeHtml(entry.modelId ?? '—'),
    escapeHtml(entry.seconds === null ? '—' : `${entry.seconds} s`),
    escapeHtml(entry.state),
    escapeHtml(money(entry.costUsd)),
  ]);
  return page('Recent creations', table(['When', 'Plan', 'Who', 'Model', 'Length', 'State', 'Cost'], rows, 'Nothing created yet.'), role);
}

function against(spent: number, limit: number | null): string {
  const text = `${money(spent)} of ${limit === null ? 'no limit' : money(limit)}`;
  return limit !== null && spent >= limit ? `<span class="over">${escapeHtml(text)}</span>` : escapeHtml(text);
}

export function spendPage(rows: readonly CommunitySpend[], role: OwnerRole): string {
  const cells = rows.map((row) => [
    escapeHtml(`${row.community.platform} ${row.community.communityId}`),
    escapeHtml(money(row.today.usd)),
    escapeHtml(row.limits.userDailyUsd === null ? 'no limit' : `${money(row.limits.userDailyUsd)} per user`),
    against(row.month.usd, row.limits.communityMonthlyUsd),
  ]);
  return page('Spend (UTC day and month)', table(['Community', 'Today', 'Daily budget', 'This month against the monthly budget'], cells, 'No spend recorded yet.'), role);
}

/**
 * The latest provider errors of every process on this Redis. Each process masked its own secrets
 * before keeping a message; `mask` removes this one's again, in case a worker was configured apart.
 */
export function errorsPage(entries: readonly ProviderErrorEntry[], mask: (text: string) => string, role: OwnerRole): string {
  const rows = entries.map((entry) => [escapeHtml(when(entry.atMs)), escapeHtml(entry.provider), escapeHtml(entry.model), escapeHtml(entry.kind), escapeHtml(mask(entry.detail))]);
  return page("Providers' recent errors (all workers)", table(['When', 'Provider', 'Model', 'Kind', 'Message'], rows, 'No provider errors recorded recently.'), role);
}
