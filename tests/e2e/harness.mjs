// Shared end-to-end harness: starts tauri-driver in front of WebKitWebDriver, opens sessions on
// the real FirstGoal binary against a temporary data folder, and saves screenshots.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Builder, By, until } from 'selenium-webdriver';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
export const appBinary = process.env.FIRSTGOAL_APP ?? path.join(targetDir, 'debug/firstgoal');
export const screenshotDir = path.join(here, 'screenshots');
export const cliBinary = path.join(path.dirname(appBinary), 'firstgoal-cli');
// E2E_DRIVER_PORT lets several checkouts run their suites side by side (native port = port + 1).
const PORT = Number(process.env.E2E_DRIVER_PORT ?? 4444);

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`tauri-driver did not listen on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/** A temporary home for one scenario: its database file and its settings folder. */
export function makeSandbox(name) {
  const dir = mkdtempSync(path.join(tmpdir(), `firstgoal-e2e-${name}-`));
  return {
    dir,
    db: path.join(dir, 'data', 'projects.sqlite'),
    env: {
      FIRSTGOAL_DB: path.join(dir, 'data', 'projects.sqlite'),
      XDG_CONFIG_HOME: path.join(dir, 'config'),
      XDG_DATA_HOME: path.join(dir, 'share'),
      XDG_CACHE_HOME: path.join(dir, 'cache'),
    },
  };
}

/** Starts tauri-driver with the sandbox's environment (the app inherits it). */
function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until nothing listens on `port` (a driver of the previous scenario still ending). */
async function waitForPortFree(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (await portInUse(port)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

export async function startDriver(sandbox, extraEnv = {}, { cwd } = {}) {
  for (const port of [PORT, PORT + 1]) {
    if (!(await waitForPortFree(port, 15000))) throw new Error(`port ${port} is taken: a previous scenario did not stop its driver`);
  }
  // The driver's (and the app's) output goes to a log in the sandbox, never to this process's
  // stdout: an app that outlived its session must not keep the test runner's pipe open.
  const log = openSync(path.join(sandbox.dir, 'driver.log'), 'a');
  const child = spawn('tauri-driver', ['--port', String(PORT), '--native-port', String(PORT + 1)], {
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...sandbox.env, ...extraEnv },
    stdio: ['ignore', log, log],
    // The app inherits the driver's working folder (where its file dialogs open).
    cwd,
  });
  child.sandbox = sandbox;
  await waitForPort(PORT, 15000);
  return child;
}

/** Stops tauri-driver and any app process of its sandbox that is still running. */
export async function stopDriver(child) {
  if (!child) return;
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  killAppsOf(child.sandbox);
  // WebKitWebDriver (the native driver) outlives tauri-driver by a moment.
  await waitForPortFree(PORT + 1, 15000);
}

/** Launches the app: a new WebDriver session starts a new app process (with `args`, if any). */
export async function launch(args = []) {
  forgetDialogAnswers();
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${PORT}/`)
    .withCapabilities({ browserName: 'wry', 'tauri:options': { application: appBinary, args } })
    .build();
  await driver.manage().setTimeouts({ implicit: 0 });
  return driver;
}

/**
 * Runs `fn` again when the element it used was replaced by a re-render (the screen reloads its data
 * after every save), up to `tries` times; any other error is thrown at once.
 */
export async function retryStale(fn, tries = 5) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (e?.name !== 'StaleElementReferenceError' || attempt >= tries) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export function byTestId(id) {
  return By.css(`[data-testid="${id}"]`);
}

export async function find(driver, testId, timeout = 10000) {
  const el = await driver.wait(until.elementLocated(byTestId(testId)), timeout, `no [data-testid=${testId}]`);
  await driver.wait(until.elementIsVisible(el), timeout);
  return el;
}

/** Waits until the element's text equals `expected` and returns it. */
export async function waitForText(driver, locator, expected, timeout = 10000) {
  let last = '';
  await driver
    .wait(async () => {
      try {
        last = await driver.findElement(locator).getText();
        return last.trim() === expected;
      } catch {
        return false;
      }
    }, timeout)
    .catch(() => {
      throw new Error(`expected text ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
    });
}

/** Types into a text input like a user (clears it first). */
export async function typeInto(el, text) {
  await el.clear();
  if (text) await el.sendKeys(text);
}

/**
 * Types into a text input and checks that the field holds exactly `text` afterwards; types again
 * (at most `tries` times) when keystrokes were lost, e.g. to a re-render while typing.
 */
export async function typeChecked(el, text, tries = 3) {
  for (let attempt = 1; ; attempt++) {
    await typeInto(el, text);
    const value = await el.getAttribute('value');
    if (value === text) return;
    if (attempt >= tries) throw new Error(`typed ${JSON.stringify(text)}, the field holds ${JSON.stringify(value)}`);
    console.log(`# typing again: the field held ${JSON.stringify(value)}`);
  }
}

/** Creates a project from the project list, contract and kickoff on `date`, and opens its kickoff mode. */
export async function newProjectKickoff(driver, customer, date) {
  await (await find(driver, 'new-project')).click();
  await typeInto(await find(driver, 'input-customer_name'), customer);
  await setDate(driver, await find(driver, 'input-contract_date'), date);
  await setDate(driver, await find(driver, 'input-kickoff_date'), date);
  await (await find(driver, 'submit-project')).click();
  await (await find(driver, 'open-kickoff')).click();
}

/** Sets a date input: the native picker is not scriptable, so the value is set and an input event fired. */
export async function setDate(driver, el, iso) {
  await driver.executeScript(
    (input, value) => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    el,
    iso,
  );
}

export async function screenshot(driver, name) {
  mkdirSync(screenshotDir, { recursive: true });
  // Let the webview paint the latest DOM (two animation frames) so the picture matches the state.
  await driver.executeAsyncScript((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  const png = await driver.takeScreenshot();
  writeFileSync(path.join(screenshotDir, `${name}.png`), png, 'base64');
}

/** Ends app processes started outside WebDriver (e.g. after the app restarted itself) for a sandbox. */
export function killAppsOf(sandbox) {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1');
      const exe = readlinkSync(`/proc/${pid}/exe`);
      if (exe.endsWith('/firstgoal') && env.includes(`FIRSTGOAL_DB=${sandbox.db}\0`)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
}

/**
 * Answers the next native `kind` dialogs ('save' or 'open') with `paths`, in order, in the real
 * GTK dialogs of the app (xdotool under Xvfb): the dialog opens, lists its folder and hands the
 * chosen file to the app as it does for a user (the app accepts only paths chosen that way).
 */
const dialogQueue = [];
let dialogWatcher;

function xdo(args) {
  return new Promise((resolve) => {
    execFile('xdotool', args, { timeout: 10000 }, (err, stdout) => resolve(err ? '' : stdout.trim()));
  });
}

function pause(ms) {
  // Unref'd: a queued answer nobody asked for must not keep the test process alive.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

const DIALOG_TITLES = { save: 'Save File', open: 'Open File' };

async function visibleDialog(kind) {
  const ids = (await xdo(['search', '--onlyvisible', '--name', `^${DIALOG_TITLES[kind]}$`])).split('\n');
  return ids.find(Boolean);
}

async function answerOne(kind, id, file) {
  await xdo(['windowfocus', '--sync', id]);
  // Let the dialog list its folder, as it does for a user, before it is answered.
  await pause(700);
  if (kind === 'save') {
    // Without a window manager the name field gets the keyboard by a click.
    await xdo(['mousemove', '--window', id, '400', '27', 'click', '1']);
    await xdo(['key', '--clearmodifiers', 'ctrl+a']);
  } else {
    await xdo(['key', '--clearmodifiers', 'ctrl+l']);
    await pause(200);
  }
  await xdo(['type', '--delay', '20', file]);
  await pause(200);
  await xdo(['key', 'Return']);
  for (let i = 0; i < 50 && (await visibleDialog(kind)) === id; i += 1) await pause(100);
}

async function watchDialogs() {
  while (dialogQueue.length > 0) {
    const { kind, file } = dialogQueue[0];
    const id = await visibleDialog(kind);
    if (!id) {
      await pause(150);
      continue;
    }
    dialogQueue.shift();
    await answerOne(kind, id, file);
  }
  dialogWatcher = undefined;
}

async function answerDialogs(kind, paths) {
  for (const file of paths) dialogQueue.push({ kind, file });
  dialogWatcher ??= watchDialogs();
}

/** Drops answers no dialog asked for (a new app starts with none). */
export function forgetDialogAnswers() {
  dialogQueue.length = 0;
}

export const answerSaveDialogs = (_driver, paths) => answerDialogs('save', paths);
export const answerOpenDialogs = (_driver, paths) => answerDialogs('open', paths);

/** Runs `firstgoal-cli --db <sandbox file> ...args` with the sandbox's environment. */
export function cli(sandbox, args) {
  try {
    const stdout = execFileSync(cliBinary, ['--db', sandbox.db, ...args], {
      env: { ...process.env, ...sandbox.env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, stdout, stderr: '' };
  } catch (err) {
    return { ok: false, stdout: String(err.stdout ?? ''), stderr: String(err.stderr ?? '') };
  }
}
