import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { EVIL, board, person } from './fixtures';
import ProjectPeople from './ProjectPeople.svelte';

describe('ProjectPeople', () => {
  it('adds an attendee from one line with the current version and shows names as text', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'get_stakeholder_board') return board([person(1, '山田')]);
      if (cmd === 'quick_add_stakeholder') return board([person(1, '山田'), person(2, EVIL)], 4);
      return null;
    });
    render(ProjectPeople, { id: 1, tab: 'kickoff', onback: () => {} });
    const entry = await screen.findByLabelText('Add an attendee: name, department, title');
    await fireEvent.input(entry, { target: { value: `${EVIL}、総務部、担当` } });
    await fireEvent.submit(entry.closest('form') as HTMLFormElement);
    const shown = await screen.findAllByText(EVIL);
    expect(shown.length).toBeGreaterThan(0);
    expect(document.querySelector('img')).toBeNull();
    expect(calls.find((c) => c.cmd === 'quick_add_stakeholder')?.args).toEqual({
      projectId: 1,
      expectedVersion: 3,
      line: `${EVIL}、総務部、担当`,
    });
    // The risk is explained: what, for whom, why and what to do.
    expect(screen.getByText('The decision-maker did not attend the kickoff')).toBeInTheDocument();
    expect(screen.getByText('Concerns: 山田')).toBeInTheDocument();
    expect(screen.getByText(/Book a short meeting with the decision-maker/)).toBeInTheDocument();
  });

  it('shows field errors of a refused edit and keeps what was typed', async () => {
    mockIPC((cmd) => {
      if (cmd === 'get_stakeholder_board') return board([person(1, '山田')]);
      if (cmd === 'update_stakeholder') {
        throw {
          code: 'validation',
          message: 'invalid',
          fields: [
            { field: 'email', code: 'invalid_email', max: null },
            { field: 'influence', code: 'out_of_scale', max: 5 },
          ],
        };
      }
      return null;
    });
    render(ProjectPeople, { id: 1, tab: 'list', onback: () => {} });
    await fireEvent.click(await screen.findByRole('button', { name: 'Details' }));
    const email = screen.getByLabelText('E-mail');
    await fireEvent.input(email, { target: { value: 'yamada at example' } });
    await fireEvent.click(screen.getByTestId('sh-submit'));
    expect(await screen.findByText('Not an e-mail address (name@example.com).')).toBeInTheDocument();
    expect(screen.getByText('Choose a whole number from 1 to 5.')).toBeInTheDocument();
    expect((screen.getByLabelText('E-mail') as HTMLInputElement).value).toBe('yamada at example');
  });

  it('saves the shown number of untouched days when Save is pressed without an edit', async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'get_stakeholder_board') return board([person(1, '山田')]);
      if (cmd === 'set_untouched_days') {
        sent.push(args);
        return 14;
      }
      return null;
    });
    render(ProjectPeople, { id: 1, tab: 'list', onback: () => {} });
    await fireEvent.click(await screen.findByTestId('save-untouched-days'));
    await vi.waitFor(() => expect(sent).toEqual([{ days: 14 }]));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('draws the map from the core layout and opens a person on click', async () => {
    mockIPC((cmd) => (cmd === 'get_stakeholder_board' ? board([person(1, '山田'), person(2, EVIL)]) : null));
    render(ProjectPeople, { id: 1, tab: 'map', onback: () => {} });
    // Named as drawn (name, then badge letters), with what the letters stand for.
    const dot = await screen.findByRole('button', { name: `${EVIL.slice(0, 11)}… K E (key person, executor)` });
    expect(dot.querySelector('circle')?.getAttribute('r')).toBe('22');
    expect([...dot.querySelectorAll('text')].map((t) => t.textContent)).toEqual([EVIL.slice(0, 11) + '…', ' K', ' E']);
    expect(document.querySelector('img')).toBeNull();
    await fireEvent.click(dot);
    expect(await screen.findByText(`Edit ${EVIL}`)).toBeInTheDocument();
  });
});
