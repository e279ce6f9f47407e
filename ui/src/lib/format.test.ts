import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate, localToday } from './format';
import { setLanguage } from './i18n/index.svelte';

describe('formatDate', () => {
  afterEach(() => setLanguage('en'));

  it('uses the English format', () => {
    setLanguage('en');
    expect(formatDate('2024-02-29')).toBe('Feb 29, 2024');
  });

  it('uses the Japanese format', () => {
    setLanguage('ja');
    expect(formatDate('2024-02-29')).toBe('2024/02/29');
  });

  it('takes the date part of a timestamp and ignores empty values', () => {
    setLanguage('en');
    expect(formatDate('2026-11-24T08:00:00Z')).toBe('Nov 24, 2026');
    expect(formatDate(null)).toBe('');
  });
});

describe('localToday', () => {
  it('is the date in the user’s time zone, not in UTC', () => {
    vi.stubEnv('TZ', 'Asia/Tokyo');
    try {
      // 00:30 in Tokyo is 15:30 of the day before in UTC.
      const justAfterMidnight = new Date(2026, 0, 5, 0, 30);
      expect(justAfterMidnight.toISOString().slice(0, 10)).toBe('2026-01-04');
      expect(localToday(justAfterMidnight)).toBe('2026-01-05');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
