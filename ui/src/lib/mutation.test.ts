import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorPayload } from './bindings';
import { errorMessage } from './errors';
import { setLanguage } from './i18n/index.svelte';
import { mutations, settingMutations } from './mutation';

const conflict: ErrorPayload = { code: 'conflict', message: 'changed elsewhere', fields: [], refusal: null };
const refused: ErrorPayload = { code: 'refused', message: 'last stage', fields: [], refusal: 'last_stage' };

/** A screen's state: a stored version, what the banner shows, how often it reloaded. */
function screen(version = 3) {
  const state = { version, shown: [] as (string | null)[], reloads: 0 };
  const send = mutations({
    version: () => state.version,
    reload: async () => {
      state.reloads += 1;
      state.version = 7;
    },
    show: (error) => state.shown.push(error ? errorMessage(error) : null),
  });
  return { state, send };
}

describe('mutations', () => {
  afterEach(() => setLanguage('en'));

  it('sends the change with the version it is based on and clears the banner', async () => {
    const { state, send } = screen();
    const change = vi.fn(async (v: number) => v * 10);
    await expect(send(change)).resolves.toBe(30);
    expect(change).toHaveBeenCalledWith(3);
    expect(state.shown).toEqual([null]);
    expect(state.reloads).toBe(0);
  });

  it('on a conflict reloads the newer values and says so', async () => {
    const { state, send } = screen();
    await expect(send(async () => Promise.reject(conflict))).rejects.toEqual(conflict);
    expect(state.reloads).toBe(1);
    expect(state.shown.at(-1)).toMatch(/latest version is shown/);
    // The retry is based on the reloaded version.
    const retry = vi.fn(async (v: number) => v);
    await send(retry);
    expect(retry).toHaveBeenCalledWith(7);
  });

  it('shows any other error translated, in both languages, without reloading', async () => {
    const { state, send } = screen();
    setLanguage('ja');
    await expect(send(async () => Promise.reject(refused))).rejects.toEqual(refused);
    expect(state.reloads).toBe(0);
    expect(state.shown.at(-1)).toBe(errorMessage(refused));
    expect(state.shown.at(-1)).not.toBe('The project is already in its last stage.');
    setLanguage('en');
    expect(errorMessage(refused)).toBe('The project is already in its last stage.');
  });

  it('turns an unexpected throw into the generic payload', async () => {
    const { state, send } = screen();
    await expect(send(async () => Promise.reject(new Error('boom')))).rejects.toMatchObject({ code: 'unavailable' });
    expect(state.shown.at(-1)).toBe('This action is not available right now.');
  });

  it('runs changes one after another, each on the version the previous one produced', async () => {
    const { state, send } = screen(1);
    const seen: number[] = [];
    const bump = (v: number) =>
      new Promise<number>((resolve) =>
        setTimeout(() => {
          seen.push(v);
          state.version = v + 1;
          resolve(v + 1);
        }, 5),
      );
    await Promise.all([send(bump), send(bump), send(bump)]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('keeps running after a failed change', async () => {
    const { send } = screen();
    const first = send(async () => Promise.reject(refused));
    const second = send(async (v) => v + 1);
    await expect(first).rejects.toEqual(refused);
    await expect(second).resolves.toBe(4);
  });
});

describe('settingMutations', () => {
  it('shows the translated error of a setting and clears it on the next change', async () => {
    const shown: (ErrorPayload | null)[] = [];
    const send = settingMutations((e) => shown.push(e));
    const invalid: ErrorPayload = {
      code: 'validation',
      message: 'invalid',
      fields: [{ field: 'untouched_days', code: 'out_of_scale', max: 365 }],
      refusal: null,
    };
    await expect(send(async () => Promise.reject(invalid))).rejects.toEqual(invalid);
    expect(shown).toEqual([null, invalid]);
    await send(async () => 'ok');
    expect(shown.at(-1)).toBeNull();
  });
});
