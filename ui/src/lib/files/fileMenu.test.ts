import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import { describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../i18n/index.svelte';
import { listenToMenu, newFile, openFile, saveCopy, type Notice } from './fileMenu';

type Call = { cmd: string; args: Record<string, unknown> };

function mock(answers: Record<string, unknown>, calls: Call[]) {
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      const answer = answers[cmd];
      if (answer instanceof Error) throw JSON.parse(answer.message);
      return answer ?? null;
    },
    { shouldMockEvents: true },
  );
}

describe('the File menu’s dialogs', () => {
  it('opens the file chosen in the open dialog, and nothing when cancelled', async () => {
    const calls: Call[] = [];
    mock({ 'plugin:dialog|open': '/data/other.sqlite' }, calls);
    const reload = vi.fn();
    vi.stubGlobal('location', { reload });
    expect(await openFile()).toBeNull();
    expect(calls.find((c) => c.cmd === 'open_file')?.args).toEqual({ path: '/data/other.sqlite' });
    expect(reload).toHaveBeenCalledOnce();
    vi.unstubAllGlobals();

    const cancelled: Call[] = [];
    mock({ 'plugin:dialog|save': null }, cancelled);
    expect(await newFile()).toBeNull();
    expect(cancelled.map((c) => c.cmd)).toEqual(['plugin:dialog|save']);
  });

  it('suggests a name for the copy and says where it was saved, in the language of the moment', async () => {
    setLanguage('en');
    const calls: Call[] = [];
    mock({ 'plugin:dialog|save': '/backup/projects copy.sqlite' }, calls);
    const notice = await saveCopy('/data/projects.sqlite');
    const dialog = calls.find((c) => c.cmd === 'plugin:dialog|save')?.args.options as { defaultPath: string };
    expect(dialog.defaultPath).toBe('projects copy.sqlite');
    expect(calls.find((c) => c.cmd === 'save_copy')?.args).toEqual({ path: '/backup/projects copy.sqlite' });
    expect(notice?.kind).toBe('ok');
    expect(notice?.text()).toBe('Copy saved: /backup/projects copy.sqlite');
    setLanguage('ja');
    expect(notice?.text()).toBe('コピーを保存しました: /backup/projects copy.sqlite');
    setLanguage('en');
  });

  it('explains a refused copy in the user’s language', async () => {
    setLanguage('en');
    const refused = new Error(JSON.stringify({ code: 'own_file', message: 'raw core text', fields: [], refusal: null }));
    mock({ 'plugin:dialog|save': '/data/projects.sqlite', save_copy: refused }, []);
    const notice = await saveCopy('/data/projects.sqlite');
    expect(notice?.kind).toBe('error');
    expect(notice?.text()).toBe('The file action failed: This is the open database’s own file. Choose another file.');
  });

  it('does what the native menu asks', async () => {
    const calls: Call[] = [];
    mock({ 'plugin:dialog|open': '/data/b.sqlite' }, calls);
    vi.stubGlobal('location', { reload: vi.fn() });
    const onSettingsChanged = vi.fn();
    const notices: Notice[] = [];
    const stop = await listenToMenu({
      dbPath: () => '/data/a.sqlite',
      onSettingsChanged,
      onNotice: (n) => notices.push(n),
    });
    await emit('menu-request', 'settings_changed');
    expect(onSettingsChanged).toHaveBeenCalledOnce();
    await emit('menu-request', 'open_file');
    await vi.waitFor(() => expect(calls.some((c) => c.cmd === 'open_file')).toBe(true));
    stop();
    vi.unstubAllGlobals();
    expect(notices).toEqual([]);
  });
});
