import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorPayload, ProjectInput } from '../bindings';
import { setLanguage } from '../i18n/index.svelte';
import ProjectForm from './ProjectForm.svelte';

const initial: ProjectInput = {
  customer_name: '',
  contract_date: '2026-01-10',
  kickoff_date: '2026-01-31',
  segment: 'low_touch',
  owner: '',
};

const refused: ErrorPayload = {
  code: 'validation',
  message: 'invalid input',
  fields: [
    { field: 'customer_name', code: 'required', max: null },
    { field: 'kickoff_date', code: 'kickoff_too_early', max: null },
  ],
  refusal: null,
};

describe('ProjectForm', () => {
  afterEach(() => setLanguage('en'));

  it('submits what the user typed', async () => {
    const onsubmit = vi.fn(async () => {});
    render(ProjectForm, { initial, submitLabel: 'Create', onsubmit });
    await fireEvent.input(screen.getByLabelText('Customer name'), { target: { value: 'Contoso' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onsubmit).toHaveBeenCalledWith({ ...initial, customer_name: 'Contoso' });
  });

  it('shows each refused field next to it, in the current language', async () => {
    setLanguage('ja');
    render(ProjectForm, {
      initial,
      submitLabel: '作成',
      onsubmit: async () => {
        throw refused;
      },
    });
    await fireEvent.click(screen.getByRole('button', { name: '作成' }));
    expect(await screen.findByTestId('error-customer_name')).toHaveTextContent('必須項目です。');
    expect(screen.getByTestId('error-kickoff_date')).toHaveTextContent('1 年以上前');
    expect(screen.getByLabelText('顧客名')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('入力内容を確認してください。');

    // Switching the language re-translates the errors already shown.
    setLanguage('en');
    expect(await screen.findByText('Required.')).toBeInTheDocument();
  });
});
