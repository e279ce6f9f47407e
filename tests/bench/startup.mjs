// Cold start of the app vs a bare Tauri window (bench/bare-window), both release builds, over
// WebDriver: the time from the session request to (a) the bare window's `ready` element and
// (b) the app's project list showing rows on a 10,000-project demo file. Prints the medians, the
// ratio (target ≤ 1.5×) and the app's memory (PSS of the app and its WebKit children).
//
//   node bench/startup.mjs [--runs 5] [--projects 10000]
// Binaries: FIRSTGOAL_APP (default target/release/firstgoal), BARE_APP (target/release/bare-window),
// FIRSTGOAL_CLI (target/release/firstgoal-cli). Driver port: E2E_DRIVER_PORT.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Builder, By, until } from 'selenium-webdriver';
import { makeSandbox, startDriver, stopDriver, killAppsOf, root } from '../e2e/harness.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 5);
const PROJECTS = arg('projects', 10000);
const PORT = Number(process.env.E2E_DRIVER_PORT ?? 4444);
const release = (name) => path.join(root, 'target/release', name);
const APP = process.env.FIRSTGOAL_APP ?? release('firstgoal');
const BARE = process.env.BARE_APP ?? release('bare-window');
const CLI = process.env.FIRSTGOAL_CLI ?? release('firstgoal-cli');

async function session(binary) {
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${PORT}/`)
    .withCapabilities({ browserName: 'wry', 'tauri:options': { application: binary } })
    .build();
  await driver.manage().setTimeouts({ implicit: 0 });
  return driver;
}

/** How often the page is asked for the element: small, so the figure is not rounded up to it. */
const POLL_MS = 5;

/** Milliseconds from the session request until `css` is in the page. */
async function timeTo(binary, css) {
  const start = performance.now();
  const driver = await session(binary);
  await driver.wait(until.elementLocated(By.css(css)), 60000, undefined, POLL_MS);
  return { ms: performance.now() - start, driver };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function pidsOf(exeSuffix, db) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const exe = readlinkSync(`/proc/${pid}/exe`);
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (exe.endsWith(exeSuffix) && (!db || env.includes(`FIRSTGOAL_DB=${db}\0`))) found.push(Number(pid));
    } catch {
      // Ended meanwhile, or not ours.
    }
  }
  return found;
}

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** The process and all its descendants (WebKit's web and network processes). */
function tree(pid) {
  const all = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const p of all) if (parentOf(p) === out[i]) out.push(p);
  return out;
}

function pssKb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1').match(/^Pss:\s+(\d+) kB/m);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function killBare() {
  for (const pid of pidsOf('/bare-window')) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function measure(label, binary, css, sandbox, after) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const driver = await startDriver(sandbox);
    try {
      const run = await timeTo(binary, css);
      times.push(run.ms);
      if (after && i === RUNS - 1) await after(run.driver);
      await run.driver.quit();
    } finally {
      await stopDriver(driver);
      killBare();
    }
    console.error(`${label} run ${i + 1}: ${times.at(-1).toFixed(0)} ms`);
  }
  return median(times);
}

const sandbox = makeSandbox('startup');
mkdirSync(path.dirname(sandbox.db), { recursive: true });
const genStart = performance.now();
execFileSync(CLI, ['--db', sandbox.db, 'demo', '--projects', String(PROJECTS), '--seed', '1'], { stdio: 'ignore' });
console.log(`generated ${PROJECTS} demo projects in ${((performance.now() - genStart) / 1000).toFixed(1)} s`);

const bare = await measure('bare window', BARE, '[data-testid="ready"]', sandbox);
let memory = null;
const app = await measure('app', APP, '[data-testid="project-row"]', sandbox, async (driver) => {
  // Let the list finish adding its rows before reading the memory.
  await driver.sleep(3000);
  const [pid] = pidsOf('/firstgoal', sandbox.db);
  if (pid) {
    const pids = tree(pid);
    memory = { processes: pids.length, kb: pids.reduce((sum, p) => sum + pssKb(p), 0) };
  }
});
killAppsOf(sandbox);

const ratio = app / bare;
console.log(`| what | median of ${RUNS} | target | met? |`);
console.log('|---|---|---|---|');
console.log(`| bare Tauri window: session request → ready | ${bare.toFixed(0)} ms | – | – |`);
console.log(
  `| app, ${PROJECTS} projects: session request → project rows | ${app.toFixed(0)} ms (${ratio.toFixed(2)}× bare) | ≤ 1.5× | ${ratio <= 1.5 ? 'yes' : 'NO'} |`,
);
if (memory)
  console.log(
    `| app memory (PSS, app + ${memory.processes - 1} WebKit processes) | ${(memory.kb / 1024).toFixed(0)} MB | – | – |`,
  );
