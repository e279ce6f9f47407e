import { describe, expect, it } from 'vitest';
import type { JourneyDoc } from '../bindings';
import {
  History,
  LaneNotEmpty,
  addLane,
  addStep,
  clearPositions,
  connect,
  moveLane,
  placeSteps,
  removeItems,
  removeLane,
} from './model';

const base: JourneyDoc = {
  lanes: [
    { id: 'sales', name: 'Sales', color: '#fdf0e3' },
    { id: 'cs', name: 'CS', color: '#e6f6ec' },
  ],
  steps: [],
  connections: [],
};

describe('journey model', () => {
  it('adds, places, connects and removes steps without touching the original', () => {
    const [one, a] = addStep(base, 'sales', 'Close the deal');
    const [two, b] = addStep(one, 'cs', 'Kickoff');
    expect(a).not.toEqual(b);
    const linked = connect(two, a, b, 'handoff');
    expect(linked.connections).toMatchObject([{ from: a, to: b, label: 'handoff' }]);
    expect(connect(linked, a, a)).toBe(linked);
    const moved = placeSteps(linked, [{ id: a, lane: 'cs', position: { x: 400, y: 10 } }]);
    expect(moved.steps[0]).toMatchObject({ lane: 'cs', position: { x: 400, y: 10 } });
    expect(clearPositions(moved).steps.every((s) => s.position === null)).toBe(true);
    const removed = removeItems(linked, [a]);
    expect(removed.steps.map((s) => s.id)).toEqual([b]);
    expect(removed.connections).toEqual([]);
    expect(base.steps).toEqual([]);
  });

  it('refuses to remove a lane that holds steps unless they move', () => {
    const [doc] = addStep(base, 'sales', 'Close the deal');
    expect(() => removeLane(doc, 'sales')).toThrow(LaneNotEmpty);
    const after = removeLane(doc, 'sales', 'cs');
    expect(after.lanes.map((l) => l.id)).toEqual(['cs']);
    expect(after.steps[0]).toMatchObject({ lane: 'cs', position: null });
    expect(removeLane(base, 'cs').lanes.map((l) => l.id)).toEqual(['sales']);
  });

  it('adds and reorders lanes', () => {
    const doc = addLane(base, 'Product');
    expect(doc.lanes).toHaveLength(3);
    expect(moveLane(doc, 'cs', -1).lanes.map((l) => l.name)).toEqual(['CS', 'Sales', 'Product']);
    expect(moveLane(doc, 'sales', -1)).toBe(doc);
  });

  it('undoes and redoes whole documents', () => {
    const history = new History();
    const [one] = addStep(base, 'sales', 'A');
    history.record(base);
    expect(history.undo(one)).toBe(base);
    expect(history.redo(base)).toBe(one);
    expect(history.canRedo).toBe(false);
    history.record(one);
    history.drop();
    expect(history.canUndo).toBe(true);
  });
});
