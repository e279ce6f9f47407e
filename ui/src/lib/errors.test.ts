import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorPayload } from './bindings';
import { errorMessage, fieldErrors } from './errors';
import { setLanguage } from './i18n/index.svelte';

describe('errors', () => {
  afterEach(() => setLanguage('en'));

  it('translates a refusal by its rule, in both languages', () => {
    const error = { code: 'refused' as const, message: 'the project is already on hold', fields: [], refusal: 'already_on_hold' as const };
    expect(errorMessage(error)).toBe('The project is already on hold. End that hold first.');
    setLanguage('ja');
    expect(errorMessage(error)).toBe('このプロジェクトはすでに保留中です。先にその保留を終了してください。');
  });

  it('names the process that has the file', () => {
    const error: ErrorPayload = { code: 'in_use', message: '', fields: [{ field: 'process', code: 'in_use', max: 4242 }], refusal: null };
    expect(errorMessage(error)).toContain('(process 4242)');
  });

  it('translates field codes with their limit', () => {
    const error: ErrorPayload = {
      code: 'validation' as const,
      message: 'invalid input',
      fields: [
        { field: 'goal', code: 'too_long', max: 2000 },
        { field: 'customer_name', code: 'required', max: null },
      ],
      refusal: null,
    };
    expect(fieldErrors(error)).toEqual({
      goal: 'Too long: at most 2000 characters.',
      customer_name: 'Required.',
    });
    setLanguage('ja');
    expect(fieldErrors(error).goal).toBe('長すぎます。2000 文字以内で入力してください。');
  });

  it('summarises known and unknown errors', () => {
    expect(errorMessage({ code: 'conflict', message: 'x', fields: [] })).toMatch(/changed this project/);
    expect(errorMessage(new Error('boom'))).toBe('Something went wrong.');
  });
});
