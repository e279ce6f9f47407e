import { afterEach, describe, expect, it } from 'vitest';
import { formatDate } from './format';
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
