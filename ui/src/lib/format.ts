// Locale-aware formatting of the ISO dates and timestamps the core sends.
import { locale } from './i18n/index.svelte';

/**
 * `2026-02-28` → `2026/02/28` (ja) or `Feb 28, 2026` (en): the UI language's format, whatever the
 * system's locale. Every date the UI shows goes through here.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** What a typed date turned out to be: its ISO form, or why it is refused. */
export type ParsedDate = { iso: string } | { error: 'format' | 'no_such_day' };

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function isoOf(year: number, month: number, day: number): ParsedDate {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { error: 'no_such_day' };
  }
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return { iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** An English month name or its first three letters ("Sept" too), 1-based; 0 when it is none. */
function monthNumber(word: string | undefined): number {
  if (!word) return 0;
  const key = word.toLowerCase().replace(/\.$/, '');
  return MONTHS.findIndex((m) => m === key || m.slice(0, 3) === key || (key === 'sept' && m === 'september')) + 1;
}

/**
 * Reads a typed date. Year first is understood in both languages (`2026/11/16`, `2026-11-16`,
 * `2026.11.16`, `2026年11月16日`, `20261116`); in English also month first (`11/16/2026`,
 * `11162026`) and month names (`Nov 16, 2026`, `16 November 2026`). Full-width digits count.
 * Anything else — two-digit years, a day that does not exist — is refused rather than read as
 * some other date. `null` for an empty field.
 */
export function parseDate(text: string, lang: 'ja' | 'en'): ParsedDate | null {
  const s = text.normalize('NFKC').trim();
  const ymd = (y?: string, mo?: string | number, d?: string) => isoOf(Number(y), Number(mo), Number(d));
  if (s === '') return null;
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (m) return ymd(m[1], m[2], m[3]);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m && Number(m[1]) >= 1900) return ymd(m[1], m[2], m[3]);
  if (lang === 'en') {
    m = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(s) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(s);
    if (m) return ymd(m[3], m[1], m[2]);
    m = /^([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})$/.exec(s);
    if (m && monthNumber(m[1])) return ymd(m[3], monthNumber(m[1]), m[2]);
    m = /^(\d{1,2})\s+([A-Za-z]+\.?),?\s+(\d{4})$/.exec(s);
    if (m && monthNumber(m[2])) return ymd(m[3], monthNumber(m[2]), m[1]);
  }
  return { error: 'format' };
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
