import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { JourneySummary } from '../bindings';
import JourneyList from './JourneyList.svelte';

const stale: JourneySummary = {
  id: 3,
  project_id: 7,
  name: '<img src=x onerror=alert(1)> 導入',
  step_count: 12,
  updated_at: '2026-01-10T00:00:00Z',
  last_revision_at: '2026-01-02T00:00:00Z',
  needs_review: true,
};

describe('JourneyList', () => {
  it('lists journeys as text with the review reminder', async () => {
    mockIPC((cmd, args) => {
      if (cmd === 'list_journeys') return (args as { projectId: number | null }).projectId === 7 ? [stale] : [];
      return null;
    });
    render(JourneyList, { projectId: 7, onopen: () => {} });
    const name = await screen.findByRole('button', { name: stale.name });
    expect(name.querySelector('img')).toBeNull();
    expect(screen.getByTestId('review-reminder')).toHaveTextContent('Review due');
  });

  it('creates a journey in the interface language and opens it', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'list_journeys') return [];
      if (cmd === 'create_journey') {
        calls.push(args);
        return { journey: { id: 11 } };
      }
      return null;
    });
    const onopen = vi.fn();
    render(JourneyList, { projectId: 7, onopen });
    await fireEvent.input(await screen.findByLabelText('New journey name'), { target: { value: 'Onboarding' } });
    await fireEvent.click(screen.getByRole('button', { name: 'New journey' }));
    await vi.waitFor(() => expect(onopen).toHaveBeenCalledWith(11));
    expect(calls).toEqual([{ input: { project_id: 7, name: 'Onboarding', template_id: null, language: 'en' } }]);
  });
});
