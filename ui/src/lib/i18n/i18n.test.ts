import { describe, expect, it } from 'vitest';
import { language, resources, setLanguage, t } from './index.svelte';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

describe('i18n', () => {
  it('has the same keys in Japanese and English, none empty', () => {
    expect(keys(resources.ja).sort()).toEqual(keys(resources.en).sort());
    for (const lang of ['ja', 'en'] as const) {
      for (const key of keys(resources[lang])) {
        expect(t(key as never).length, `${lang}:${key}`).toBeGreaterThan(0);
      }
    }
  });

  it('switches every translation with the language', () => {
    setLanguage('en');
    expect(t('project.customerName')).toBe('Customer name');
    setLanguage('ja');
    expect(language()).toBe('ja');
    expect(t('project.customerName')).toBe('顧客名');
    expect(document.documentElement.lang).toBe('ja');
    setLanguage('en');
  });

  it('interpolates and pluralises', () => {
    setLanguage('en');
    expect(t('projects.count', { count: 1 })).toBe('1 project');
    expect(t('projects.count', { count: 3 })).toBe('3 projects');
    setLanguage('ja');
    expect(t('projects.count', { count: 3 })).toBe('3 件のプロジェクト');
    setLanguage('en');
  });

  it('does not interpret markup in interpolated values', () => {
    setLanguage('en');
    expect(t('app.file', { path: '<b>x</b>' })).toBe('File: <b>x</b>');
  });
});
