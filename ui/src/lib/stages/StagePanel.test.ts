import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ProjectPlan } from '../bindings';
import StagePanel from './StagePanel.svelte';

const plan: ProjectPlan = {
  project_id: 1,
  version: 3,
  today: '2026-04-20',
  playbook_name: '',
  stages: [],
  current_stage_id: null,
  next_actions: [],
  holds: [],
  on_hold: false,
  ttv: { days: 5, finished: false },
  milestone_timing: [],
  team: [],
};

describe('StagePanel', () => {
  it('reloads the project after a conflict, so the next try is based on the stored version', async () => {
    mockIPC((cmd) => {
      if (cmd === 'add_hold') throw { code: 'conflict', message: 'changed elsewhere', fields: [] };
      return null;
    });
    const onchange = vi.fn(async () => {});
    render(StagePanel, { plan, members: [], onchange });
    await fireEvent.click(screen.getByTestId('put-on-hold'));
    expect(await screen.findByTestId('stage-error')).toHaveTextContent('Someone changed this project meanwhile');
    expect(onchange).toHaveBeenCalledTimes(1);
  });

  it('sends a change with the version the shown plan is based on', async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'add_hold') sent.push((args as { expectedVersion: number }).expectedVersion);
      return null;
    });
    const onchange = vi.fn(async () => {});
    render(StagePanel, { plan, members: [], onchange });
    await fireEvent.click(screen.getByTestId('put-on-hold'));
    await vi.waitFor(() => expect(onchange).toHaveBeenCalledTimes(1));
    expect(sent).toEqual([3]);
    expect(screen.queryByTestId('stage-error')).toBeNull();
  });

  it('does not reload after other refusals', async () => {
    mockIPC((cmd) => {
      if (cmd === 'add_hold') throw { code: 'validation', message: 'bad', fields: [] };
      return null;
    });
    const onchange = vi.fn(async () => {});
    render(StagePanel, { plan, members: [], onchange });
    await fireEvent.click(screen.getByTestId('put-on-hold'));
    await screen.findByTestId('stage-error');
    expect(onchange).not.toHaveBeenCalled();
  });
});
