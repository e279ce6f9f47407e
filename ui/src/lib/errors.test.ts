import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage, fieldErrors } from './errors';
import { setLanguage } from './i18n/index.svelte';

describe('errors', () => {
  afterEach(() => setLanguage('en'));

  it('translates field codes with their limit', () => {
    const error = {
      code: 'validation' as const,
      message: 'invalid input',
      fields: [
        { field: 'goal', code: 'too_long', max: 2000 },
        { field: 'customer_name', code: 'required', max: null },
      ],
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
