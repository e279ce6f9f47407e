// Locale-aware formatting of the ISO dates and timestamps the core sends.
import { locale } from './i18n/index.svelte';

/** `2026-02-28` → `2026/02/28` (ja) or `Feb 28, 2026` (en). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}
