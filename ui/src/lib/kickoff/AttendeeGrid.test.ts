import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Stakeholder, StakeholderInput } from '../bindings';
import { board, person } from '../stakeholders/fixtures';
import ProjectPeople from '../stakeholders/ProjectPeople.svelte';

type Update = { stakeholderId: number; expectedVersion: number; input: StakeholderInput };

/** Kickoff mode on a core double that stores every update and answers with the new board. */
async function kickoff(people: Stakeholder[]) {
  const updates: Update[] = [];
  let version = 3;
  mockIPC((cmd, args) => {
    if (cmd === 'update_stakeholder') {
      const u = args as Update;
      updates.push(u);
      people = people.map((s) => (s.id === u.stakeholderId ? { ...s, ...u.input } : s));
      version += 1;
    }
    return board(people, version);
  });
  render(ProjectPeople, { id: 1, tab: 'kickoff', onback: () => {} });
  const grid = await screen.findByRole('grid');
  return { grid, updates };
}

const focused = () => document.activeElement as HTMLElement;
const cell = (grid: HTMLElement, row: number, col: number) => grid.querySelector(`[data-row="${row}"][data-col="${col}"]`) as HTMLElement;

describe('the attendee grid', () => {
  it('is one Tab stop and arrow keys move the focus between cells', async () => {
    const { grid } = await kickoff([person(1, '山田 太郎'), person(2, '佐藤 花子')]);
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    cell(grid, 0, 0).focus();
    await fireEvent.keyDown(focused(), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByLabelText('Department: 山田 太郎'));
    await fireEvent.keyDown(focused(), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByLabelText('Department: 佐藤 花子'));
    // The Tab stop follows the focus.
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    expect(cell(grid, 1, 1).getAttribute('tabindex')).toBe('0');
    // A key of the Japanese input method stays with it.
    await fireEvent.keyDown(focused(), { key: 'ArrowUp', isComposing: true });
    expect(document.activeElement).toBe(cell(grid, 1, 1));
  });

  it('sets level and influence with digits, each change built on the one stored before it', async () => {
    const { grid, updates } = await kickoff([person(1, '山田 太郎')]);
    cell(grid, 0, 2).focus();
    await fireEvent.keyDown(focused(), { key: '1' });
    await fireEvent.keyDown(focused(), { key: 'ArrowRight' });
    await fireEvent.keyDown(focused(), { key: '5' });
    await vi.waitFor(() => expect(updates).toHaveLength(2));
    expect(updates[0]?.input).toMatchObject({ level: 'executive', influence: 3 });
    expect(updates[1]?.input).toMatchObject({ level: 'executive', influence: 5 });
    expect(updates[1]?.expectedVersion).toBe(4);
    expect(screen.getByLabelText('Level: 山田 太郎')).toHaveValue('executive');
  });

  it('typing replaces a text cell, Enter saves and goes down, Escape puts the stored value back', async () => {
    const { grid, updates } = await kickoff([person(1, '山田 太郎'), person(2, '佐藤 花子')]);
    const first = cell(grid, 0, 1) as HTMLInputElement;
    first.focus();
    await fireEvent.keyDown(first, { key: '経' });
    expect(grid).toHaveClass('editing');
    await fireEvent.input(first, { target: { value: '経理部' } });
    await fireEvent.keyDown(first, { key: 'Enter' });
    expect(document.activeElement).toBe(cell(grid, 1, 1));
    await fireEvent.change(first);
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]?.input).toMatchObject({ name: '山田 太郎', department: '経理部' });

    const second = cell(grid, 1, 1) as HTMLInputElement;
    await fireEvent.keyDown(second, { key: 'F2' });
    await fireEvent.input(second, { target: { value: '営業部・本部' } });
    await fireEvent.keyDown(second, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(second);
    await fireEvent.keyDown(second, { key: 'Escape' });
    expect(second.value).toBe('営業部');
    expect(grid).not.toHaveClass('editing');
    expect(updates).toHaveLength(1);
  });

  it('names whose row a button is in, and Details gives the focus back when closed', async () => {
    const { grid } = await kickoff([person(1, '山田 太郎'), person(2, '佐藤 花子')]);
    const details = screen.getByRole('button', { name: 'Details: 佐藤 花子' });
    expect(screen.getByRole('button', { name: 'Remove 佐藤 花子' })).toBeInTheDocument();
    details.focus();
    await fireEvent.click(details);
    const editor = await screen.findByTestId('stakeholder-editor');
    await vi.waitFor(() => expect(editor.contains(document.activeElement)).toBe(true));
    await fireEvent.keyDown(focused(), { key: 'Escape' });
    await vi.waitFor(() => expect(screen.queryByTestId('stakeholder-editor')).toBeNull());
    await vi.waitFor(() => expect(document.activeElement).toBe(details));
    expect(cell(grid, 1, 9)).toBe(details);
  });

  it('asks before removing a person; Escape keeps them', async () => {
    const { grid } = await kickoff([person(1, '山田 太郎')]);
    await fireEvent.click(screen.getByRole('button', { name: 'Remove 山田 太郎' }));
    const yes = await screen.findByRole('button', { name: 'Yes, remove 山田 太郎' });
    expect(document.activeElement).toBe(yes);
    await fireEvent.keyDown(yes, { key: 'Escape' });
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove 山田 太郎' })));
    expect(grid.querySelectorAll('[data-testid="attendee-row"]')).toHaveLength(1);
  });
});
