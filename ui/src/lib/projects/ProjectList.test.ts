import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Project, ProjectDetail, ProjectListQuery } from '../bindings';
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

/** A file of `count` projects, served page by page like the core does (search on the name). */
function pagedFile(count: number) {
  const all = Array.from({ length: count }, (_, i) => ({ ...project, id: i + 1, customer_name: `Customer ${i + 1}` }));
  const queries: ProjectListQuery[] = [];
  const riskCalls: number[][] = [];
  mockIPC((cmd, args) => {
    if (cmd === 'list_projects_page') {
      const query = (args as { query: ProjectListQuery }).query;
      queries.push(query);
      const matching = all.filter((p) => p.customer_name.includes(query.search));
      return { total: matching.length, offset: query.offset, rows: matching.slice(query.offset, query.offset + query.limit) };
    }
    if (cmd === 'project_risk_counts_for') {
      const ids = (args as { projectIds: number[] }).projectIds;
      riskCalls.push(ids);
      return ids.map((id) => ({ project_id: id, open: 1, codes: ['purpose_missing'] }));
    }
    return null;
  });
  return { queries, riskCalls };
}

describe('ProjectList', () => {
  it('lists the first page through IPC, then the risk counts of those rows, names as text', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'list_projects_page') return { total: 1, offset: 0, rows: [project] };
      if (cmd === 'project_risk_counts_for') return [{ project_id: 7, open: 2, codes: ['no_decision_maker', 'purpose_missing'] }];
      return null;
    });
    render(ProjectList, { onopen: () => {} });
    const name = await screen.findByRole('button', { name: project.customer_name });
    expect(name.querySelector('img')).toBeNull();
    expect(screen.getByText('Tech-touch')).toBeInTheDocument();
    expect(screen.getByText('Jan 31, 2026')).toBeInTheDocument();
    expect(await screen.findByText('2 risks')).toBeInTheDocument();
    expect(calls).toEqual([
      { cmd: 'list_projects_page', args: { query: { include_archived: false, search: '', offset: 0, limit: 100 } } },
      { cmd: 'project_risk_counts_for', args: { projectIds: [7] } },
    ]);
  });

  it('creates a project and opens it', async () => {
    const detail: ProjectDetail = { project, milestones: [] };
    mockIPC((cmd) => {
      if (cmd === 'list_projects_page') return { total: 0, offset: 0, rows: [] };
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

  it('keeps only the rows in view in the page, and End reaches the last project', async () => {
    const { queries, riskCalls } = pagedFile(2000);
    const onopen = vi.fn();
    render(ProjectList, { onopen });
    const first = await screen.findByRole('button', { name: 'Customer 1' });
    expect(screen.getByTestId('project-count')).toHaveTextContent('2000');
    const shown = screen.getAllByTestId('project-row').length;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(40);
    expect(queries).toHaveLength(1);
    expect(riskCalls[0]).toHaveLength(100);

    await fireEvent.keyDown(first, { key: 'ArrowDown' });
    await vi.waitFor(() => expect(document.activeElement).toHaveTextContent('Customer 2'));

    await fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'End' });
    const last = await screen.findByRole('button', { name: 'Customer 2000' });
    await vi.waitFor(() => expect(document.activeElement).toBe(last));
    expect(queries.at(-1)).toMatchObject({ offset: 1900, limit: 100 });
    expect(screen.queryByText('Customer 1')).toBeNull();
    expect(screen.getAllByTestId('project-row').length).toBeLessThan(40);
    await vi.waitFor(() => expect(riskCalls.at(-1)).toContain(2000));

    await fireEvent.click(last);
    expect(onopen).toHaveBeenCalledWith(2000);
  });

  it('searches in the core and says when nothing matches', async () => {
    const { queries } = pagedFile(2000);
    render(ProjectList, { onopen: () => {} });
    await screen.findByRole('button', { name: 'Customer 1' });
    await fireEvent.input(screen.getByTestId('project-search'), { target: { value: ' Customer 1999 ' } });
    expect(await screen.findByRole('button', { name: 'Customer 1999' })).toBeInTheDocument();
    expect(screen.getByTestId('project-count')).toHaveTextContent('1 project');
    expect(queries.at(-1)).toEqual({ include_archived: false, search: 'Customer 1999', offset: 0, limit: 100 });

    await fireEvent.input(screen.getByTestId('project-search'), { target: { value: 'Nobody' } });
    expect(await screen.findByTestId('project-list-empty')).toHaveTextContent('No project matches “Nobody”.');
  });

  it('asks for archived projects when they are to be shown', async () => {
    const { queries } = pagedFile(3);
    render(ProjectList, { onopen: () => {} });
    await screen.findByRole('button', { name: 'Customer 1' });
    await fireEvent.click(screen.getByTestId('show-archived'));
    await vi.waitFor(() => expect(queries.at(-1)).toMatchObject({ include_archived: true, offset: 0 }));
  });
});
