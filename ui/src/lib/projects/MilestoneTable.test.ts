import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Milestone } from '../bindings';
import MilestoneTable from './MilestoneTable.svelte';

function milestone(over: Partial<Milestone>): Milestone {
  return {
    id: 1,
    project_id: 7,
    horizon: 'one_month',
    title: '',
    due_date: '2026-02-28',
    due_date_manual: false,
    due_date_reason: '',
    goal: 'The first team works in the product',
    criterion: '10 users active',
    status: 'planned',
    achieved_on: null,
    evidence: '',
    customer_owner: '',
    internal_owner_id: null,
    ...over,
  };
}

describe('MilestoneTable', () => {
  it('shows the timing the core computed and custom titles as text', () => {
    render(MilestoneTable, {
      milestones: [milestone({}), milestone({ id: 2, horizon: null, title: '<b>SSO</b> live', due_date: '2026-03-10' })],
      timing: { 1: 'overdue', 2: 'due_soon' },
      onsetdate: async () => {},
    });
    expect(screen.getByText('Overdue')).toBeInTheDocument();
    expect(screen.getByText('Due soon')).toBeInTheDocument();
    const custom = screen.getByText('<b>SSO</b> live');
    expect(custom.querySelector('b')).toBeNull();
  });

  it('shows the criterion error next to the field when achieving is refused', async () => {
    const onupdate = vi.fn().mockRejectedValue({
      code: 'validation',
      message: 'invalid input',
      fields: [{ field: 'criterion', code: 'criterion_required', max: null }],
    });
    render(MilestoneTable, { milestones: [milestone({ criterion: '' })], onsetdate: async () => {}, onupdate });
    await fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'achieved' } });
    await fireEvent.input(screen.getByLabelText('Achieved on'), { target: { value: '2026-02-20' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Write the measurable criterion before marking the goal achieved.')).toBeInTheDocument();
    expect(onupdate).toHaveBeenCalledWith(1, expect.objectContaining({ status: 'achieved', achieved_on: '2026-02-20' }));
  });

  it('asks for a reason when a due date is set by hand', async () => {
    const onsetdate = vi.fn().mockResolvedValue(undefined);
    render(MilestoneTable, { milestones: [milestone({})], onsetdate });
    await fireEvent.click(screen.getByRole('button', { name: 'Set date' }));
    await fireEvent.input(screen.getByLabelText('Reason for the new date'), { target: { value: 'Fiscal close' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(onsetdate).toHaveBeenCalledWith(1, '2026-02-28', 'Fiscal close');
  });
});
