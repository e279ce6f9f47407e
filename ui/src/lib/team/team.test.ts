import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM_ERROR_CODES, type TeamConflict, type TeamEnrolment, type TeamError, type TeamStatus } from '../bindings';
import { errorMessage } from '../errors';
import { setLanguage } from '../i18n/index.svelte';
import ConflictList from './ConflictList.svelte';
import JoinTeam from './JoinTeam.svelte';
import { statusText } from './team.svelte';

const enrolment: TeamEnrolment = {
  server_url: 'http://127.0.0.1:8080',
  team_id: '0b0e8b9e-4f7c-4c8e-9f44-3c1d5c4b1a10',
  team_name: 'CS <Japan>',
  person_id: '6f1f2c7e-0000-4000-8000-000000000001',
  person_name: 'Ben',
  role: 'member',
  credential: { kind: 'os' },
};

const enrolled: TeamStatus = {
  state: 'synced',
  enrolment,
  to_push: 0,
  to_pull: false,
  conflicts: 0,
  incoming: 0,
  last_sync: null,
  problem: null,
};

const teamError = (code: TeamError['code']): TeamError => ({ code, message: `english ${code}`, file: null });

describe('team status', () => {
  afterEach(() => setLanguage('en'));

  it('says where the file stands in a few words, in both languages', () => {
    expect(statusText(enrolled)).toBe('Synced');
    expect(statusText({ ...enrolled, state: 'waiting', to_push: 3 })).toBe('3 changes waiting');
    expect(statusText({ ...enrolled, state: 'offline', to_push: 3 })).toBe('Offline — 3 changes waiting');
    expect(statusText({ ...enrolled, state: 'needs_attention', conflicts: 2 })).toBe('Needs attention (2)');
    const viewer = { ...enrolled, enrolment: { ...enrolment, role: 'viewer' as const } };
    expect(statusText(viewer)).toBe('Synced · View only');
    setLanguage('ja');
    expect(statusText({ ...enrolled, state: 'offline', to_push: 3 })).toBe('オフライン — 未送信の変更 3 件');
    expect(statusText(viewer)).toBe('同期済み · 閲覧のみ');
  });

  it('has a message for every team error code in both languages', () => {
    for (const lang of ['en', 'ja'] as const) {
      setLanguage(lang);
      for (const code of TEAM_ERROR_CODES.filter((c) => c !== 'file')) {
        const text = errorMessage(teamError(code));
        expect(text, `${lang}:${code}`).not.toMatch(/^team\.errors\./);
        expect(text, `${lang}:${code}`).not.toBe(`english ${code}`);
      }
    }
  });

  it('translates team errors wherever errors are shown (a viewer’s refused edit)', () => {
    expect(errorMessage(teamError('view_only'))).toMatch(/viewer/);
    setLanguage('ja');
    expect(errorMessage(teamError('view_only'))).toMatch(/閲覧者/);
    // A failure of the file itself is told as the file's error.
    const file: TeamError = {
      code: 'file',
      message: 'locked',
      file: { code: 'locked', message: 'locked', fields: [], refusal: null },
    };
    setLanguage('en');
    expect(errorMessage(file)).toBe(errorMessage(file.file));
  });
});

describe('JoinTeam', () => {
  afterEach(() => setLanguage('en'));

  it('sends the typed address and code', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'list_projects') return [];
      calls.push({ cmd, args });
      return enrolled;
    });
    render(JoinTeam);
    await fireEvent.input(screen.getByLabelText('Server address'), { target: { value: ' http://127.0.0.1:8080 ' } });
    await fireEvent.input(screen.getByLabelText('Enrolment code'), { target: { value: 'abcd-efgh' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    await screen.findByRole('button', { name: 'Join' });
    expect(calls).toEqual([{ cmd: 'team_enrol', args: { serverUrl: 'http://127.0.0.1:8080', code: 'abcd-efgh', shareExisting: true } }]);
    // Nothing to share: no choice offered.
    expect(screen.queryByTestId('team-share-existing')).toBeNull();
  });

  it('offers to keep the projects of the file private', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'list_projects') return [{ id: 1 }, { id: 2 }];
      calls.push(args);
      return enrolled;
    });
    render(JoinTeam);
    const share = await screen.findByLabelText('Share my 2 projects with the team');
    expect(share).toBeChecked();
    await fireEvent.click(share);
    await fireEvent.input(screen.getByLabelText('Server address'), { target: { value: 'https://sync.example.com' } });
    await fireEvent.input(screen.getByLabelText('Enrolment code'), { target: { value: 'c' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    await screen.findByRole('button', { name: 'Join' });
    expect(calls).toEqual([{ serverUrl: 'https://sync.example.com', code: 'c', shareExisting: false }]);
  });

  it('says why joining failed, in the user’s language', async () => {
    mockIPC(() => {
      throw teamError('url_plain_http');
    });
    setLanguage('ja');
    render(JoinTeam);
    await fireEvent.input(screen.getByLabelText('サーバーのアドレス'), { target: { value: 'http://sync.example.com' } });
    await fireEvent.input(screen.getByLabelText('参加コード'), { target: { value: 'x' } });
    await fireEvent.click(screen.getByRole('button', { name: '参加' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('http:// はこのマシン');
  });
});

describe('ConflictList', () => {
  const conflict: TeamConflict = {
    id: 4,
    kind: 'projects',
    record: '11111111-2222-4333-8444-555555555555',
    label: '<b>Contoso</b>',
    field: 'owner',
    mine: { kind: 'set', value: '<img src=x onerror=alert(1)>' },
    theirs: { kind: 'set', value: 'Riley' },
    author: 'abcdef12-0000-4000-8000-000000000000',
    author_name: '<i>Aiko</i>',
    reported_at: '2026-11-30T09:15:00+00:00',
  };

  it('shows theirs and mine side by side as text, and resolves with the chosen side', async () => {
    let kept: TeamConflict[] = [conflict];
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'team_conflicts') return kept;
      if (cmd === 'team_resolve') {
        calls.push(args);
        kept = [];
        return enrolled;
      }
      return null;
    });
    render(ConflictList);
    expect(await screen.findByText('Project: <b>Contoso</b>')).toBeInTheDocument();
    expect(screen.getByTestId('team-conflict-field')).toHaveTextContent('Owner');
    expect(screen.getByTestId('team-conflict-mine')).toHaveTextContent('<img src=x onerror=alert(1)>');
    expect(screen.getByTestId('team-conflict-theirs')).toHaveTextContent('Riley');
    expect(screen.getByTestId('team-conflict-by')).toHaveTextContent('By teammate <i>Aiko</i>');
    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('i')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Keep mine' }));
    expect(await screen.findByTestId('team-conflicts-empty')).toBeInTheDocument();
    expect(calls).toEqual([{ id: 4, keep: 'mine' }]);
  });

  it('names the field in the UI language', async () => {
    mockIPC((cmd) => (cmd === 'team_conflicts' ? [conflict] : null));
    setLanguage('ja');
    render(ConflictList);
    expect(await screen.findByTestId('team-conflict-field')).toHaveTextContent('担当者');
    expect(screen.getByRole('button', { name: '自分の値を残す' })).toBeEnabled();
    setLanguage('en');
  });
});
