// Test data and page readings for the journey-at-scale scenario: journeys of 40 and 500 steps
// written as journey files (imported with the CLI), the canvas's geometry read from the page, and
// the steps and lanes of an exported SVG.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './harness.mjs';

const cli = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'debug/firstgoal-cli');

export const LANES = [
  { id: 'customer', name: 'Customer', color: '#e8f1fb' },
  { id: 'sales', name: 'Sales', color: '#fdf0e3' },
  { id: 'cs', name: 'CS', color: '#e6f6ec' },
  { id: 'product', name: 'Product', color: '#f1ebfa' },
  { id: 'management', name: 'Management', color: '#f4f4f4' },
];
const LABELS = ['SO needed before the kickoff', 'handoff: deal notes', '稟議が通ったら開始', 'OK', 'usage data'];
const TITLES = ['Prepare kickoff', 'Review the contract', 'Requirements interview', 'Create admin accounts', 'Run the training', 'Usage review'];

/** A journey of `count` steps: a chain across the lanes with branches, done up to `current`. */
export function journeyFile(name, count, current) {
  let seed = count * 7919 + 17;
  const next = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const steps = [];
  const connections = [];
  for (let i = 0; i < count; i += 1) {
    steps.push({
      id: `s${i}`,
      lane: LANES[next(LANES.length)].id,
      title: `${TITLES[i % TITLES.length]} ${i + 1}`,
      description: '',
      kind: 'action',
      status: i < current ? 'done' : i === current ? 'current' : i === current + 1 ? 'next' : null,
      milestone_id: null,
      position: null,
    });
    if (i > 0) {
      const from = i > 3 && next(5) === 0 ? i - 2 - next(2) : i - 1;
      connections.push({ id: `c${i}`, from: `s${from}`, to: `s${i}`, label: i % 4 === 0 ? LABELS[(i / 4) % LABELS.length] : '' });
    }
  }
  return { format: 'firstgoal-journey', version: 1, name, lanes: LANES, steps, connections };
}

function runCli(db, ...args) {
  return execFileSync(cli, ['--db', db, ...args], { encoding: 'utf8' });
}

/** A file with one demo project holding the given journeys; returns the journeys' ids. */
export function prepareFile(sandbox, journeys) {
  runCli(sandbox.db, 'demo', '--projects', '1');
  const [project] = JSON.parse(runCli(sandbox.db, 'list', '--json'));
  return journeys.map((journey) => {
    const file = path.join(sandbox.dir, `${journey.steps.length}.json`);
    writeFileSync(file, JSON.stringify(journey));
    const said = runCli(sandbox.db, 'journey', 'import', '--project', String(project.id), '--file', file);
    return Number(/imported journey (\d+)/.exec(said)?.[1]);
  });
}

/** The journey's current picture as the CLI exports it (the same layout as the app). */
export function exportSvg(sandbox, journeyId, out) {
  runCli(sandbox.db, 'journey', 'export', '--journey', String(journeyId), '--format', 'svg', '--out', out);
}

/** Steps (title, x, y) and lane bands (y, height) of an exported journey SVG, in diagram units. */
export function readSvg(svg) {
  const steps = [...svg.matchAll(/<g><title>([^<]*)<\/title><rect x="([\d.]+)" y="([\d.]+)"/g)].map((m) => ({
    title: m[1],
    x: Number(m[2]),
    y: Number(m[3]),
  }));
  const lanes = [...svg.matchAll(/<rect x="0" y="([\d.]+)" width="\d+" height="([\d.]+)" fill="#[0-9a-f]{6}" stroke="#d0d7de"\/>/g)].map((m) => ({
    y: Number(m[1]),
    height: Number(m[2]),
  }));
  return { steps, lanes };
}

/** Geometry of the canvas as the user sees it: rectangles in window pixels and the zoom. */
export function readCanvas(driver) {
  return driver.executeScript(() => {
    const rect = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    };
    const all = (selector) => [...document.querySelectorAll(selector)];
    const viewport = document.querySelector('.svelte-flow__viewport');
    const zoom = viewport ? new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a : 0;
    return {
      // The app window (the native menu bar takes its share of it) and the page inside it.
      window: { width: window.outerWidth, height: window.outerHeight },
      page: { width: window.innerWidth, height: window.innerHeight },
      canvas: rect(document.querySelector('[data-testid="journey-canvas"]')),
      zoom,
      steps: all('.svelte-flow__node-step').map((el) => ({ id: el.dataset.id, ...rect(el) })),
      labels: all('[data-testid="edge-label"]').map((el) => ({ text: el.textContent, ...rect(el) })),
      laneLabels: all('[data-testid="lane-label"]').map((el) => ({ text: el.textContent.trim(), ...rect(el) })),
      controls: rect(document.querySelector('.svelte-flow__controls')),
      minimap: document.querySelector('.svelte-flow__minimap') ? rect(document.querySelector('.svelte-flow__minimap')) : null,
    };
  });
}

export function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
