import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { JourneyDoc } from '../bindings';
import LanePanel from './LanePanel.svelte';

const doc: JourneyDoc = {
  lanes: [
    { id: 'sales', name: 'Sales', color: '#fdf0e3' },
    { id: 'cs', name: 'CS', color: '#e6f6ec' },
  ],
  steps: [{ id: 's1', lane: 'cs', title: 'Kickoff', description: '', kind: 'action', status: null, milestone_id: null, position: null }],
  connections: [],
};

describe('LanePanel', () => {
  it('shows each lane colour on its swatch', () => {
    render(LanePanel, { doc, onchange: () => {} });
    const swatches = screen.getAllByTestId('lane-swatch');
    expect(swatches.map((s) => s.style.backgroundColor)).toEqual(['rgb(253, 240, 227)', 'rgb(230, 246, 236)']);
  });

  it('asks before removing a lane, and moves its steps when it holds some', async () => {
    const onchange = vi.fn();
    render(LanePanel, { doc, onchange });
    await fireEvent.click(screen.getByRole('button', { name: 'Remove: CS' }));
    expect(onchange).not.toHaveBeenCalled();
    expect(screen.getByTestId('lane-confirm')).toHaveTextContent('Remove the lane “CS”?');
    expect(screen.getByTestId('lane-refusal')).toHaveTextContent('(1)');
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('lane-confirm')).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Remove: CS' }));
    await fireEvent.click(screen.getByTestId('confirm-remove-lane'));
    const next = onchange.mock.calls[0]?.[0] as JourneyDoc;
    expect(next.lanes.map((l) => l.id)).toEqual(['sales']);
    expect(next.steps[0]?.lane).toBe('sales');
    expect(screen.getByTestId('lane-notice')).toHaveTextContent('Lane “CS” removed.');
  });
});
