import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { WEEK_KINDS, type Week, type WeekItem, type WeekKind } from '../bindings';
import WeekView from './WeekView.svelte';

function item(kind: WeekKind, extra: Partial<WeekItem> = {}): WeekItem {
  return {
    kind,
    project_id: 7,
    customer_name: '<img src=x onerror=alert(1)> 物流',
    date: null,
    since: null,
    horizon: null,
    title: '',
    stage_id: null,
    action_id: null,
    journey_id: null,
    names: [],
    ...extra,
  };
}

function week(items: WeekItem[], me: Week['me'] = null): Week {
  return {
    today: '2026-02-20',
    mine: false,
    me,
    untouched_days: 14,
    counts: WEEK_KINDS.map((kind) => ({ kind, count: items.filter((i) => i.kind === kind).length })),
    total: items.length,
    items,
    matching: items.length,
  };
}

const ITEMS = [
  item('goal_overdue', { date: '2026-02-12', horizon: 'one_month' }),
  item('key_person_untouched', { date: '2026-01-27', names: ['部長', '担当'] }),
  item('journey_not_reviewed', { date: '2026-02-01', title: 'Onboarding', journey_id: 4 }),
];

describe('WeekView', () => {
  it('lists the items as text with counts, and opens each where it is fixed', async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'get_week') {
        asked.push(args);
        return week(ITEMS);
      }
      return null;
    });
    const onopen = vi.fn();
    render(WeekView, { onopen });
    const rows = await screen.findAllByTestId('week-item');
    expect(rows).toHaveLength(3);
    expect(rows[0]?.querySelector('img')).toBeNull();
    expect(rows[0]).toHaveTextContent('First goal “1 month” was due Feb 12, 2026 (8 days late)');
    expect(rows[1]).toHaveTextContent('Not touched since Jan 27, 2026 (24 days): 部長、担当');
    expect(screen.getByTestId('week-count-goal_overdue')).toHaveTextContent('First goals overdue 1');
    expect(screen.queryByTestId('week-count-heat_falling')).toBeNull();
    expect(screen.getByTestId('week-mine')).toBeDisabled();
    expect(asked).toEqual([{ query: { mine: false, kind: null } }]);

    const expected = [
      { to: 'project', id: 7, focus: 'milestones' },
      { to: 'people', id: 7 },
      { to: 'journey', id: 4, projectId: 7 },
    ];
    const buttons = screen.getAllByTestId('week-open');
    expect(buttons).toHaveLength(expected.length);
    for (const [i, button] of buttons.entries()) {
      await fireEvent.click(button);
      expect(onopen).toHaveBeenLastCalledWith(expected[i]);
    }

    await fireEvent.click(screen.getByTestId('week-count-goal_overdue'));
    await vi.waitFor(() => expect(asked).toContainEqual({ query: { mine: false, kind: 'goal_overdue' } }));
  });

  it('says the week is clear, and asks for mine once the user said who they are', async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'get_week') {
        asked.push(args);
        return week([], { id: 2, name: 'Aiko', role: 'csm' });
      }
      return null;
    });
    render(WeekView, { onopen: () => {} });
    expect(await screen.findByTestId('week-clear')).toHaveTextContent('The week is clear');
    const mine = screen.getByTestId('week-mine');
    expect(mine).toHaveTextContent('Mine (Aiko)');
    await fireEvent.click(mine);
    await vi.waitFor(() => expect(asked).toContainEqual({ query: { mine: true, kind: null } }));
  });
});
