// Edits of a journey document as pure functions (each returns a new document), and the undo/redo
// history of those documents. The editor saves the resulting document whole; the core validates
// it and lays it out.
import { LANE_COLORS } from '../bindings';
import type { Connection, JourneyDoc, Lane, Layout, Point, Step } from '../bindings';

let counter = 0;

/** A new id, unique within a document (time + counter + random, base 36). */
export function newId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export function addStep(doc: JourneyDoc, lane: string, title: string, position: Point | null = null): [JourneyDoc, string] {
  const step: Step = {
    id: newId('s'),
    lane,
    title,
    description: '',
    kind: 'action',
    status: null,
    milestone_id: null,
    position,
  };
  return [{ ...doc, steps: [...doc.steps, step] }, step.id];
}

/** The step pitch of the core's layout: a step's width plus the gap to the next column. */
const COLUMN_PITCH = 180 + 48;

/**
 * Where a new step of `lane` goes: the place the core's layout keeps after the lane's last step,
 * moved one column further for each step added there since that layout (edits made while a save
 * runs). `null` when the lane is not in the layout (the layout then places the step).
 */
export function nextPlace(doc: JourneyDoc, layout: Layout, lane: string): Point | null {
  const band = layout.lanes.find((b) => b.id === lane);
  if (!band) return null;
  const at = { x: band.next.x ?? 0, y: band.next.y ?? 0 };
  const taken = (x: number) =>
    doc.steps.some((s) => s.lane === lane && s.position && Math.abs((s.position.x ?? 0) - x) < 180 && Math.abs((s.position.y ?? 0) - at.y) < 64);
  while (taken(at.x)) at.x += COLUMN_PITCH;
  return at;
}

export function updateStep(doc: JourneyDoc, id: string, change: Partial<Omit<Step, 'id'>>): JourneyDoc {
  return { ...doc, steps: doc.steps.map((s) => (s.id === id ? { ...s, ...change } : s)) };
}

/** Places steps by hand (after a drag): their lane and lane-relative position. */
export function placeSteps(doc: JourneyDoc, moves: Array<{ id: string; lane: string; position: Point }>): JourneyDoc {
  const byId = new Map(moves.map((m) => [m.id, m]));
  return {
    ...doc,
    steps: doc.steps.map((s) => {
      const m = byId.get(s.id);
      return m ? { ...s, lane: m.lane, position: m.position } : s;
    }),
  };
}

/** Removes steps and connections; connections to removed steps go with them. */
export function removeItems(doc: JourneyDoc, stepIds: Iterable<string>, connectionIds: Iterable<string> = []): JourneyDoc {
  const steps = new Set(stepIds);
  const connections = new Set(connectionIds);
  return {
    ...doc,
    steps: doc.steps.filter((s) => !steps.has(s.id)),
    connections: doc.connections.filter((c) => !connections.has(c.id) && !steps.has(c.from) && !steps.has(c.to)),
  };
}

export function connect(doc: JourneyDoc, from: string, to: string, label = ''): JourneyDoc {
  if (from === to) return doc;
  const connection: Connection = { id: newId('c'), from, to, label };
  return { ...doc, connections: [...doc.connections, connection] };
}

export function updateConnection(doc: JourneyDoc, id: string, label: string): JourneyDoc {
  return { ...doc, connections: doc.connections.map((c) => (c.id === id ? { ...c, label } : c)) };
}

/** Lets the auto-layout place every step again (a full re-layout). */
export function clearPositions(doc: JourneyDoc): JourneyDoc {
  return { ...doc, steps: doc.steps.map((s) => ({ ...s, position: null })) };
}

export function addLane(doc: JourneyDoc, name: string): JourneyDoc {
  const lane: Lane = { id: newId('l'), name, color: LANE_COLORS[doc.lanes.length % LANE_COLORS.length] ?? '#f4f4f4' };
  return { ...doc, lanes: [...doc.lanes, lane] };
}

export function updateLane(doc: JourneyDoc, id: string, change: Partial<Omit<Lane, 'id'>>): JourneyDoc {
  return { ...doc, lanes: doc.lanes.map((l) => (l.id === id ? { ...l, ...change } : l)) };
}

/** Moves a lane one place up (-1) or down (+1). */
export function moveLane(doc: JourneyDoc, id: string, by: -1 | 1): JourneyDoc {
  const i = doc.lanes.findIndex((l) => l.id === id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= doc.lanes.length) return doc;
  const lanes = [...doc.lanes];
  const [a, b] = [lanes[i], lanes[j]];
  if (!a || !b) return doc;
  lanes[i] = b;
  lanes[j] = a;
  return { ...doc, lanes };
}

export class LaneNotEmpty extends Error {
  constructor(public readonly steps: number) {
    super('lane_not_empty');
  }
}

/**
 * Removes a lane. A lane that still holds steps is refused (`LaneNotEmpty`) unless `moveTo`
 * names the lane its steps go to (they are auto-placed there).
 */
export function removeLane(doc: JourneyDoc, id: string, moveTo: string | null = null): JourneyDoc {
  const held = doc.steps.filter((s) => s.lane === id).length;
  if (held > 0 && (!moveTo || moveTo === id || !doc.lanes.some((l) => l.id === moveTo))) {
    throw new LaneNotEmpty(held);
  }
  return {
    ...doc,
    lanes: doc.lanes.filter((l) => l.id !== id),
    steps: doc.steps.map((s) => (s.lane === id ? { ...s, lane: moveTo ?? s.lane, position: null } : s)),
  };
}

/** Undo/redo over whole documents. */
export class History {
  private past: JourneyDoc[] = [];
  private future: JourneyDoc[] = [];

  constructor(private readonly limit = 100) {}

  /** Records `before` as the state to return to on undo. */
  record(before: JourneyDoc): void {
    this.past.push(before);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }

  undo(current: JourneyDoc): JourneyDoc | null {
    const previous = this.past.pop();
    if (!previous) return null;
    this.future.push(current);
    return previous;
  }

  redo(current: JourneyDoc): JourneyDoc | null {
    const next = this.future.pop();
    if (!next) return null;
    this.past.push(current);
    return next;
  }

  /** Forgets the last recorded state (a change that was refused). */
  drop(): void {
    this.past.pop();
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }
}
