import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectInput } from '../bindings';
import { formatDate, parseDate } from '../format';
import { setLanguage } from '../i18n/index.svelte';
import ProjectForm from '../projects/ProjectForm.svelte';

describe('parseDate', () => {
  it('reads year-first dates in both languages, full-width digits too', () => {
    for (const lang of ['ja', 'en'] as const) {
      for (const text of ['2026/11/16', '2026-11-16', '2026.11.16', '2026/11/16 ', '20261116', '２０２６／１１／１６']) {
        expect(parseDate(text, lang), `${lang} ${text}`).toEqual({ iso: '2026-11-16' });
      }
    }
    expect(parseDate('2026年11月6日', 'ja')).toEqual({ iso: '2026-11-06' });
  });

  it('reads month-first and month names in English only', () => {
    expect(parseDate('11/16/2026', 'en')).toEqual({ iso: '2026-11-16' });
    expect(parseDate('11022026', 'en')).toEqual({ iso: '2026-11-02' });
    expect(parseDate('Nov 16, 2026', 'en')).toEqual({ iso: '2026-11-16' });
    expect(parseDate('16 September 2026', 'en')).toEqual({ iso: '2026-09-16' });
    expect(parseDate('11/16/2026', 'ja')).toEqual({ error: 'format' });
    expect(parseDate('11022026', 'ja')).toEqual({ error: 'format' });
  });

  it('refuses what it cannot read instead of guessing another date', () => {
    expect(parseDate('2026/02/30', 'ja')).toEqual({ error: 'no_such_day' });
    expect(parseDate('13/01/2026', 'en')).toEqual({ error: 'no_such_day' });
    expect(parseDate('16/11/26', 'en')).toEqual({ error: 'format' });
    expect(parseDate('Novx 16, 2026', 'en')).toEqual({ error: 'format' });
    expect(parseDate('tomorrow', 'en')).toEqual({ error: 'format' });
    expect(parseDate('   ', 'en')).toBeNull();
  });

  it('reads back every date it shows', () => {
    for (const lang of ['ja', 'en'] as const) {
      setLanguage(lang);
      for (const iso of ['2024-02-29', '2026-01-05', '2026-12-31']) {
        expect(parseDate(formatDate(iso), lang)).toEqual({ iso });
      }
    }
    setLanguage('en');
  });
});

const initial: ProjectInput = {
  customer_name: 'Contoso',
  contract_date: '2026-01-10',
  kickoff_date: '2026-01-31',
  segment: 'low_touch',
  owner: '',
};

describe('date fields', () => {
  afterEach(() => setLanguage('en'));

  it('show dates in the UI language and send what was typed as an ISO date', async () => {
    setLanguage('ja');
    const onsubmit = vi.fn(async () => {});
    render(ProjectForm, { initial, submitLabel: '作成', onsubmit });
    const kickoff = screen.getByLabelText('キックオフ日') as HTMLInputElement;
    expect(kickoff.value).toBe('2026/01/31');
    await fireEvent.input(kickoff, { target: { value: '2026/2/3' } });
    await fireEvent.change(kickoff, { target: { value: '2026/2/3' } });
    expect(kickoff.value).toBe('2026/02/03');
    await fireEvent.click(screen.getByRole('button', { name: '作成' }));
    expect(onsubmit).toHaveBeenCalledWith({ ...initial, kickoff_date: '2026-02-03' });
  });

  it('refuse a date they cannot read with a message, and never send another date', async () => {
    const onsubmit = vi.fn(async () => {});
    render(ProjectForm, { initial, submitLabel: 'Create', onsubmit });
    const kickoff = screen.getByLabelText('Kickoff date') as HTMLInputElement;
    expect(kickoff.value).toBe('Jan 31, 2026');
    await fireEvent.input(kickoff, { target: { value: '31/31/2026' } });
    await fireEvent.change(kickoff, { target: { value: '31/31/2026' } });
    expect(kickoff.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('not a day in the calendar');
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    // The raw text goes to the core, which refuses it: the stored date is not replaced silently.
    expect(onsubmit).toHaveBeenCalledWith({ ...initial, kickoff_date: '31/31/2026' });
  });
});
