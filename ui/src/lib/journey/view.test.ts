import { describe, expect, it } from 'vitest';
import type { JourneyDoc, Layout, Step } from '../bindings';
import { nextPlace } from './model';
import { OPEN_ZOOM, openingView } from './view';

const lanes = [{ id: 'cs', name: 'CS', color: '#e6f6ec' }];

function step(i: number, status: Step['status'] = null): Step {
  return { id: `s${i}`, lane: 'cs', title: `Step ${i}`, description: '', kind: 'action', status, milestone_id: null, position: null };
}

/** `count` steps in one row, 228 px apart. */
function journey(count: number, current: number | null): [JourneyDoc, Layout] {
  const steps = Array.from({ length: count }, (_, i) => step(i, i === current ? 'current' : i < (current ?? 0) ? 'done' : null));
  const layout: Layout = {
    width: 166 + count * 228,
    height: 96,
    lanes: [{ id: 'cs', y: 0, height: 96, next: { x: 166 + count * 228, y: 16 } }],
    steps: steps.map((s, i) => ({ id: s.id, lane: 'cs', x: 166 + i * 228, y: 16, width: 180, height: 64, column: i, pinned: false })),
    edges: [],
  };
  return [{ lanes, steps, connections: [] }, layout];
}

describe('opening view', () => {
  it('fits a small journey whole', () => {
    const [doc, layout] = journey(3, null);
    expect(openingView(doc, layout, { width: 900, height: 600 })).toBe('fit');
  });

  it('opens a large journey readable, on the current step, inside the diagram', () => {
    const [doc, layout] = journey(120, 60);
    const view = openingView(doc, layout, { width: 900, height: 600 });
    if (view === 'fit') throw new Error('a 120-step journey does not fit readably');
    expect(view.zoom).toBe(OPEN_ZOOM);
    const left = (166 + 60 * 228) * view.zoom + view.x;
    expect(left).toBeGreaterThan(150);
    expect(left + 180 * view.zoom).toBeLessThan(900);
    expect(view.y).toBeLessThanOrEqual(0);
  });

  it('opens at the start when nothing is done yet', () => {
    const [doc, layout] = journey(120, null);
    const view = openingView(doc, layout, { width: 900, height: 600 });
    expect(view).not.toBe('fit');
    expect(view !== 'fit' && view.x).toBe(0);
  });
});

describe('next place', () => {
  it('puts a new step after the lane’s last step, and the one after it further right', () => {
    const [doc, layout] = journey(5, null);
    const first = nextPlace(doc, layout, 'cs');
    expect(first).toEqual({ x: 166 + 5 * 228, y: 16 });
    const added = { ...doc, steps: [...doc.steps, { ...step(9), position: first }] };
    expect(nextPlace(added, layout, 'cs')).toEqual({ x: 166 + 6 * 228, y: 16 });
    expect(nextPlace(doc, layout, 'missing')).toBeNull();
  });
});
