// Files and windows as a desktop app: the real menu's accelerators (pressed with xdotool) open
// another file through the real GTK open dialog, the Edit shortcuts work in a text field, the
// window comes back where it was after Quit, and a second launch on the open file focuses the
// running window (single instance, over a private D-Bus session bus).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { By } from 'selenium-webdriver';
import {
  answerOpenDialogs,
  answerSaveDialogs,
  appBinary,
  byTestId,
  find,
  launch,
  makeSandbox,
  screenshot,
  screenshotDir,
  startDriver,
  stopDriver,
  waitForText,
} from './harness.mjs';

const cliBinary = path.join(path.dirname(appBinary), 'firstgoal-cli');
let tauriDriver;
let driver;
let bus;

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
  bus?.kill();
});

function xdotool(args) {
  return execFileSync('xdotool', args, { encoding: 'utf8', timeout: 30000 }).trim();
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid named in a database's lock file (none once the file is let go). */
function holderPid(db) {
  return Number(/^pid (\d+)$/m.exec(readFileSync(`${db}-lock`, 'utf8'))?.[1]) || null;
}

/** The app window (its title is the product name) of process `pid`, once it is mapped. */
async function appWindow(pid) {
  let id;
  const deadline = Date.now() + 20000;
  while (!id && Date.now() < deadline) {
    try {
      id = xdotool(['search', '--onlyvisible', '--pid', String(pid), '--name', '^FirstGoal$']).split('\n')[0];
    } catch {
      await pause(200);
    }
  }
  assert.ok(id, `no window of process ${pid}`);
  return id;
}

/** Presses `keys` in the app window, as a user does (the window's menu accelerators see them). */
function press(windowId, keys) {
  xdotool(['windowfocus', '--sync', windowId]);
  xdotool(['key', '--clearmodifiers', keys]);
}

/** The window with the keyboard focus, or null when it is the screen itself. */
function focusedWindow() {
  try {
    return xdotool(['getwindowfocus']);
  } catch {
    return null;
  }
}

function geometry(windowId) {
  const out = xdotool(['getwindowgeometry', '--shell', windowId]);
  return Object.fromEntries(out.split('\n').map((l) => l.split('=')).map(([k, v]) => [k, Number(v)]));
}

function listNames(db) {
  return JSON.parse(execFileSync(cliBinary, ['--db', db, 'list', '--json'], { encoding: 'utf8' })).map((p) => p.customer_name);
}

function cliDemo(db, projects) {
  mkdirSync(path.dirname(db), { recursive: true });
  execFileSync(cliBinary, ['--db', db, 'demo', '--projects', String(projects), '--seed', '3'], { stdio: 'ignore' });
  return listNames(db);
}

/** The native screen, menus and dialogs included (they are outside the web view). */
function screenPicture(name) {
  mkdirSync(screenshotDir, { recursive: true });
  execFileSync('import', ['-window', 'root', path.join(screenshotDir, `${name}.png`)]);
}

test('File → Open file… (ctrl+o) switches the window to another file and lets the first one go', async () => {
  const sandbox = makeSandbox('files');
  const second = path.join(sandbox.dir, 'other', 'second customers.sqlite');
  const names = cliDemo(second, 3);
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
  await find(driver, 'project-list-empty', 20000);
  const pid = holderPid(sandbox.db);
  assert.ok(pid, 'the app holds its first file');
  const win = await appWindow(pid);

  // The Edit shortcuts work in a text field: cut the search text, paste it back.
  const search = await find(driver, 'project-search');
  await search.click();
  xdotool(['windowfocus', '--sync', win]);
  xdotool(['type', '--delay', '20', 'Kyoto']);
  await driver.wait(async () => (await search.getAttribute('value')) === 'Kyoto', 5000, 'typed');
  press(win, 'ctrl+a');
  press(win, 'ctrl+x');
  await driver.wait(async () => (await search.getAttribute('value')) === '', 5000, 'cut');
  press(win, 'ctrl+v');
  press(win, 'ctrl+v');
  await driver.wait(async () => (await search.getAttribute('value')) === 'KyotoKyoto', 5000, 'pasted twice');
  press(win, 'ctrl+z');
  await driver.wait(async () => (await search.getAttribute('value')) === 'Kyoto', 5000, 'undone');
  press(win, 'ctrl+a');
  press(win, 'Delete');

  answerOpenDialogs(driver, [second]);
  press(win, 'ctrl+o');
  await waitForText(driver, byTestId('db-path'), `File: ${second}`, 30000);
  const rows = await driver.wait(async () => {
    const found = await driver.findElements(byTestId('project-row'));
    return found.length === names.length ? found : null;
  }, 20000, 'the second file’s projects');
  const shown = await Promise.all(rows.map((r) => r.getText()));
  for (const name of names) assert.ok(shown.some((text) => text.includes(name)), `${name} in ${shown}`);
  await screenshot(driver, 'files-01-opened-from-the-menu');

  // The first file is closed whole and let go: its WAL emptied into it (SQLite removes the empty
  // WAL as the last connection's close ends, which may come a moment later), no process named in
  // its lock file.
  assert.equal(holderPid(sandbox.db), null);
  const wal = `${sandbox.db}-wal`;
  assert.ok(!existsSync(wal) || statSync(wal).size === 0, 'its WAL was emptied into it');
  assert.equal(holderPid(second), pid);
  execFileSync(cliBinary, ['--db', sandbox.db, 'demo', '--projects', '1'], { stdio: 'ignore' });

  // The recent files, newest first, kept in the settings.
  const store = JSON.parse(readFileSync(path.join(sandbox.env.XDG_DATA_HOME, 'app.firstgoal.desktop', 'settings.json'), 'utf8'));
  assert.deepEqual(store.recent_files, [second, sandbox.db]);

  // File → Save a copy… (shift+ctrl+s): a consistent copy; the window stays on its file.
  const copy = path.join(sandbox.dir, 'copy of second.sqlite');
  answerSaveDialogs(driver, [copy]);
  press(win, 'ctrl+shift+s');
  await waitForText(driver, byTestId('file-notice'), `Copy saved: ${copy}`, 30000);
  assert.deepEqual(listNames(copy), names);
  assert.equal(holderPid(second), pid);

  // View → Language → 日本語 from the keyboard: the window and the menu change language.
  press(win, 'alt+v');
  await pause(400);
  xdotool(['key', 'l']);
  await pause(400);
  xdotool(['key', 'Down', 'Return']);
  await waitForText(driver, byTestId('nav-projects'), 'プロジェクト', 10000);
  press(win, 'alt+f');
  await pause(400);
  xdotool(['key', 'r']);
  await pause(700);
  screenPicture('files-02-file-menu-ja');
  xdotool(['key', 'Escape', 'Escape']);
  await screenshot(driver, 'files-03-japanese-from-the-view-menu');

  // View → Theme → Dark, and the zoom accelerators (kept for the next start).
  press(win, 'alt+v');
  await pause(400);
  xdotool(['key', 't']);
  await pause(400);
  xdotool(['key', 'Down', 'Down', 'Return']);
  await driver.wait(async () => (await driver.executeScript(() => document.documentElement.dataset.theme)) === 'dark', 10000, 'dark theme');
  const cssWidth = () => driver.executeScript(() => document.documentElement.clientWidth);
  const normal = await cssWidth();
  press(win, 'ctrl+equal');
  await driver.wait(async () => (await cssWidth()) < normal * 0.95, 5000, 'zoomed in');
  press(win, 'ctrl+0');
  await driver.wait(async () => (await cssWidth()) === normal, 5000, 'actual size');
});

test('the window comes back where it was after Quit (ctrl+q)', async () => {
  const sandbox = tauriDriver.sandbox;
  let win = await appWindow(holderPid(path.join(sandbox.dir, 'other', 'second customers.sqlite')));
  xdotool(['windowsize', '--sync', win, '1010', '700']);
  xdotool(['windowmove', '--sync', win, '57', '43']);
  await pause(500);
  const before = geometry(win);
  press(win, 'ctrl+q');
  await driver.quit().catch(() => {});
  driver = undefined;
  await stopDriver(tauriDriver);
  // Quitting closed the file cleanly, and the window's place was kept.
  assert.equal(holderPid(path.join(sandbox.dir, 'other', 'second customers.sqlite')), null);

  tauriDriver = await startDriver(sandbox);
  driver = await launch();
  await find(driver, 'project-list', 20000);
  win = await appWindow(holderPid(sandbox.db));
  await pause(500);
  const now = geometry(win);
  assert.deepEqual(
    { x: now.X, y: now.Y, width: now.WIDTH, height: now.HEIGHT },
    { x: before.X, y: before.Y, width: before.WIDTH, height: before.HEIGHT },
  );
  await screenshot(driver, 'files-04-window-where-it-was');
  await driver.quit();
  driver = undefined;
  await stopDriver(tauriDriver);
  tauriDriver = undefined;
});

test('a second launch on the open file focuses the running window and ends', async () => {
  const sandbox = makeSandbox('single');
  // A session bus of this test's own: the single-instance plugin finds the running app on it.
  bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise((resolve) => bus.stdout.once('data', (d) => resolve(String(d).trim())));
  const env = { DBUS_SESSION_BUS_ADDRESS: address };
  tauriDriver = await startDriver(sandbox, env);
  driver = await launch();
  await find(driver, 'project-list', 20000);
  const pid = holderPid(sandbox.db);
  const win = await appWindow(pid);
  // The keyboard goes elsewhere (to the screen itself: there is no window manager to raise
  // another window), as when the user works in another program.
  const screenRoot = xdotool(['search', '--maxdepth', '0', '--name', '']).split('\n')[0];
  xdotool(['windowfocus', screenRoot]);
  assert.notEqual(focusedWindow(), win);

  // It hands its command line over and ends (an app of its own would wait for the file, then
  // stay open on the "could not open" screen).
  const again = spawn(appBinary, [], { env: { ...process.env, ...sandbox.env, ...env }, stdio: 'ignore' });
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => {
      again.kill('SIGKILL');
      resolve('still running after 20 s');
    }, 20000);
    again.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  assert.equal(code, 0);
  let focused;
  for (let i = 0; i < 50 && focused !== win; i += 1) {
    focused = focusedWindow();
    if (focused !== win) await pause(100);
  }
  assert.equal(focused, win, 'the running window has the focus again');
  assert.equal(holderPid(sandbox.db), pid, 'the file stays with the first process');
  await driver.findElement(By.css('body'));
  await screenshot(driver, 'files-05-focused-by-a-second-launch');
});

test('the "could not open" screen offers New file…, which opens a new file in the window', async () => {
  await driver?.quit().catch(() => {});
  driver = undefined;
  await stopDriver(tauriDriver);
  const sandbox = makeSandbox('badfile');
  mkdirSync(path.dirname(sandbox.db), { recursive: true });
  writeFileSync(sandbox.db, 'meeting notes, not a database');
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
  await find(driver, 'open-error', 20000);
  await find(driver, 'open-error-open');
  await screenshot(driver, 'files-06-could-not-open-with-file-actions');
  const fresh = path.join(sandbox.dir, 'fresh.sqlite');
  answerSaveDialogs(driver, [fresh]);
  await (await find(driver, 'open-error-new')).click();
  await waitForText(driver, byTestId('db-path'), `File: ${fresh}`, 30000);
  await find(driver, 'project-list-empty', 20000);
  assert.equal(readFileSync(sandbox.db, 'utf8'), 'meeting notes, not a database');
  assert.equal(existsSync(`${sandbox.db}-lock`), false);
  await screenshot(driver, 'files-07-new-file-from-the-error-screen');
});
