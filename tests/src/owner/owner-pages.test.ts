import { expect, it } from 'vitest';
import { errorsPage, escapeHtml, loginPage } from '../../../src/owner/owner-pages.ts';
import { maskSecrets } from '../../../src/log/mask-secrets.ts';

it('escapes what others wrote and masks secrets in provider messages', () => {
  expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe('&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62;&#38;');
  const html = errorsPage(
    [{ provider: 'fal', model: 'fal:kling-3-std', kind: 'invalid', detail: 'key sk-live-secret rejected <script>', atMs: Date.UTC(2026, 0, 2, 3, 4, 5) }],
    maskSecrets(['sk-live-secret']),
    'viewer',
  );
  expect(html).toContain('key [secret] rejected &#60;script&#62;');
  expect(html).not.toContain('sk-live-secret');
  expect(html).toContain('2026-01-02 03:04:05 UTC');
  expect(html).toContain('<td>fal:kling-3-std</td>');
});

it('says a refused token was refused, and only then', () => {
  expect(loginPage(true)).toContain('role="alert"');
  expect(loginPage(false)).not.toContain('role="alert"');
});
