import { mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/index.svelte';
import { exportCalendar } from './calendar';

describe('exportCalendar', () => {
  afterEach(() => setLanguage('en'));

  it('writes the chosen file in the UI language and says how many events it holds', async () => {
    const calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      if (cmd === 'plugin:dialog|save') return '/tmp/さくら.ics';
      if (cmd === 'export_calendar') return 7;
      return null;
    });
    setLanguage('ja');
    const message = await exportCalendar({ kind: 'project', project_id: 3 }, 'さくら');
    expect(message).toBe('7 件の予定を /tmp/さくら.ics に保存しました');
    const dialog = calls.find((c) => c.cmd === 'plugin:dialog|save');
    expect((dialog?.args.options as { defaultPath: string }).defaultPath).toBe('さくら.ics');
    const exported = calls.find((c) => c.cmd === 'export_calendar');
    expect(exported?.args).toEqual({ scope: { kind: 'project', project_id: 3 }, language: 'ja', path: '/tmp/さくら.ics' });
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return null;
    });
    setLanguage('en');
    expect(await exportCalendar({ kind: 'open_projects' }, 'firstgoal')).toBeNull();
    expect(calls).not.toContain('export_calendar');
  });
});
