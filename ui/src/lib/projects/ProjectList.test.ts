import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Project, ProjectDetail } from '../bindings';
import ProjectList from './ProjectList.svelte';

const project: Project = {
  id: 7,
  customer_name: '<img src=x onerror=alert(1)>',
  contract_date: '2026-01-10',
  kickoff_date: '2026-01-31',
  segment: 'tech_touch',
  owner: 'Riley',
  archived_at: null,
  created_at: '2026-01-10T00:00:00Z',
  updated_at: '2026-01-10T00:00:00Z',
  version: 1,
};

describe('ProjectList', () => {
  it('lists projects through IPC and renders names as text', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'list_projects') return [project];
      if (cmd === 'project_risk_counts') return [{ project_id: 7, open: 2, codes: ['no_decision_maker', 'purpose_missing'] }];
      return null;
    });
    render(ProjectList, { onopen: () => {} });
    const name = await screen.findByRole('button', { name: project.customer_name });
    expect(name.querySelector('img')).toBeNull();
    expect(screen.getByText('Tech-touch')).toBeInTheDocument();
    expect(screen.getByText('Jan 31, 2026')).toBeInTheDocument();
    expect(await screen.findByText('2 risks')).toBeInTheDocument();
    expect(calls).toEqual([
      { cmd: 'list_projects', args: { includeArchived: false } },
      { cmd: 'project_risk_counts', args: { includeArchived: false } },
    ]);
  });

  it('creates a project and opens it', async () => {
    const detail: ProjectDetail = { project, milestones: [] };
    mockIPC((cmd) => {
      if (cmd === 'list_projects') return [];
      if (cmd === 'create_project') return detail;
      return null;
    });
    const onopen = vi.fn();
    render(ProjectList, { onopen });
    await fireEvent.click(await screen.findByRole('button', { name: 'New project' }));
    await fireEvent.input(screen.getByLabelText('Customer name'), { target: { value: 'Contoso' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create project' }));
    await vi.waitFor(() => expect(onopen).toHaveBeenCalledWith(7));
  });

  it('shows the first rows of a large file at once and then all of them', async () => {
    const many = Array.from({ length: 700 }, (_, i) => ({ ...project, id: i + 1, customer_name: `Customer ${i + 1}` }));
    mockIPC((cmd) => {
      if (cmd === 'list_projects') return many;
      if (cmd === 'project_risk_counts') return [];
      return null;
    });
    render(ProjectList, { onopen: () => {} });
    expect(await screen.findByText('Customer 1')).toBeInTheDocument();
    expect(screen.getByTestId('project-count')).toHaveTextContent('700');
    await vi.waitFor(() => expect(screen.getAllByTestId('project-row')).toHaveLength(700), { timeout: 10000 });
    expect(screen.getByText('Customer 700')).toBeInTheDocument();
  }, 20000);
});
