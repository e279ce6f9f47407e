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

/**
 * Today as `YYYY-MM-DD` in the user's time zone (never `toISOString()`, which is UTC: before
 * 09:00 in Japan it gives yesterday). `now` is for tests.
 */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A UTC timestamp in the user's time zone, e.g. `2026/11/24 09:05` (ja). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A whole number with the UI language's digit grouping. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/** A byte count as kB/MB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** Whole days from one ISO date to another (`2026-02-12` → `2026-02-20` is 8). */
export function daysBetween(from: string, to: string): number {
  const day = (iso: string) => {
    const [y = 0, m = 1, d = 1] = iso.slice(0, 10).split('-').map(Number);
    return Date.UTC(y, m - 1, d) / 86_400_000;
  };
  return Math.round(day(to) - day(from));
}
