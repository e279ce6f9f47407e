// The real GTK save dialog, driven with xdotool (not answered at the IPC transport): it opens on
// the database's folder, so GIO opens and closes the database's files inside the app's process
// (which drops SQLite's locks). Then the CLI runs on the same file, a second app instance starts
// on it, more is written, the app is ended: every project is still there.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { By } from 'selenium-webdriver';
import {
  appBinary,
  byTestId,
  cli,
  find,
  killAppsOf,
  launch,
  makeSandbox,
  screenshot,
  screenshotDir,
  setDate,
  startDriver,
  stopDriver,
  typeInto,
  waitForText,
} from './harness.mjs';

const benchBinary = path.join(path.dirname(appBinary), 'firstgoal-bench');
let tauriDriver;
let driver;
let second;

after(async () => {
  second?.kill('SIGKILL');
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

function xdotool(args) {
  return execFileSync('xdotool', args, { encoding: 'utf8', timeout: 30000 }).trim();
}

async function createProject(name) {
  await (await find(driver, 'nav-projects')).click();
  await (await find(driver, 'new-project')).click();
  await typeInto(await find(driver, 'input-customer_name'), name);
  await setDate(driver, await find(driver, 'input-contract_date'), '2026-01-05');
  await setDate(driver, await find(driver, 'input-kickoff_date'), '2026-01-20');
  await (await find(driver, 'submit-project')).click();
  await waitForText(driver, byTestId('project-title'), name);
}

/** The app's pid: the process that has the database open, per its lock file. */
function ownerPid(sandbox) {
  const text = readFileSync(`${sandbox.db}-lock`, 'utf8');
  return Number(/^pid (\d+)$/m.exec(text)?.[1]);
}

/** POSIX locks the process `pid` holds on `file` (from /proc/locks). */
function posixLocks(pid, file) {
  const inode = statSync(file).ino;
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .filter((l) => l.includes('POSIX') && l.split(/\s+/).includes(String(pid)) && l.includes(`:${inode} `)).length;
}

test('save through the real dialog in the database folder, CLI and a second app meanwhile: nothing is lost', async () => {
  const sandbox = makeSandbox('dialog');
  const folder = path.dirname(sandbox.db);
  mkdirSync(folder, { recursive: true });
  // The app starts in the database's folder, so that is where its save dialog opens.
  tauriDriver = await startDriver(sandbox, {}, { cwd: folder });
  driver = await launch();
  await createProject('Project A');
  const pid = ownerPid(sandbox);
  const locksBefore = posixLocks(pid, sandbox.db);

  await (await find(driver, 'open-kickoff')).click();
  await find(driver, 'kickoff-mode');
  await (await find(driver, 'export-summary-md')).click();
  // The GTK dialog of the app's process ("Save File"), found by its title and answered with the
  // keyboard.
  let dialog;
  await driver.wait(() => {
    const ids = xdotool(['search', '--onlyvisible', '--pid', String(pid), '--name', '.*']).split('\n').filter(Boolean);
    dialog = ids.find((id) => /save/i.test(xdotool(['getwindowname', id])));
    return dialog !== undefined;
  }, 20000, 'no save dialog');
  xdotool(['windowfocus', '--sync', dialog]);
  // Let it list the folder (GIO reads each file's type: the database and its WAL included).
  await new Promise((resolve) => setTimeout(resolve, 1500));
  // The native dialog is outside the webview: the X screen is the only picture of it.
  mkdirSync(screenshotDir, { recursive: true });
  execFileSync('import', ['-window', 'root', path.join(screenshotDir, 'd-00-native-save-dialog.png')]);
  // Without a window manager the dialog gets the keyboard by a click into its name field.
  xdotool(['mousemove', '--window', dialog, '400', '27', 'click', '1']);
  xdotool(['key', 'ctrl+a']);
  xdotool(['type', '--delay', '30', 'summary.md']);
  xdotool(['key', 'Return']);
  const summary = path.join(folder, 'summary.md');
  await waitForText(driver, byTestId('export-done'), `Saved to ${summary}`, 20000);
  assert.ok(readFileSync(summary, 'utf8').startsWith('# Kickoff summary — Project A'));
  console.log(`# app's POSIX locks on the database: ${locksBefore} before the dialog, ${posixLocks(pid, sandbox.db)} after`);
  await driver.executeScript(() => document.querySelector('[data-testid="export-done"]').scrollIntoView({ block: 'center' }));
  await screenshot(driver, 'd-01-saved-through-the-dialog');

  // The CLI reads a snapshot the app makes, and may not write.
  const listed = cli(sandbox, ['list']);
  assert.ok(listed.ok, listed.stderr);
  assert.match(listed.stdout, /Project A/);
  const refused = cli(sandbox, ['demo', '--projects', '1']);
  assert.equal(refused.ok, false);
  assert.match(refused.stderr, new RegExp(`error\\[in_use\\].*open in FirstGoal \\(process ${pid}\\)`));

  // A second app instance on the same file says who has it and touches nothing.
  second = spawn(appBinary, [], { env: { ...process.env, ...sandbox.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let secondErr = '';
  second.stderr.on('data', (chunk) => (secondErr += chunk));
  const deadline = Date.now() + 60000;
  while (!secondErr.includes('cannot open') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.match(secondErr, new RegExp(`is open in FirstGoal \\(process ${pid}\\)`), secondErr);
  // Its window (over the first one) explains it; the X screen is the picture of both.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  execFileSync('import', ['-window', 'root', path.join(screenshotDir, 'd-01b-second-instance.png')]);
  second.kill('SIGKILL');
  second = undefined;

  await createProject('Project B');
  await screenshot(driver, 'd-02-project-b-after-the-cli');
  // Ended as a session end does, with no chance to tidy up.
  await driver.quit();
  driver = undefined;
  await stopDriver(tauriDriver);
  tauriDriver = undefined;
  killAppsOf(sandbox);
  // What the user does next, right after the app is gone.

  const after = cli(sandbox, ['list', '--json']);
  assert.ok(after.ok, after.stderr);
  const names = JSON.parse(after.stdout).map((p) => p.customer_name).sort();
  assert.deepEqual(names, ['Project A', 'Project B']);
  assert.equal(execFileSync('sqlite3', [sandbox.db, 'PRAGMA integrity_check;'], { encoding: 'utf8' }).trim(), 'ok');
  assert.ok(existsSync(`${sandbox.db}-lock`));
});

test('a file another FirstGoal process has open: the window opens at once, then says which process has it', async () => {
  const sandbox = makeSandbox('inuse');
  mkdirSync(path.dirname(sandbox.db), { recursive: true });
  assert.ok(cli(sandbox, ['demo', '--projects', '2']).ok);
  // Another FirstGoal process writing to the file for as long as the test needs.
  const holder = spawn(benchBinary, ['stress-write', '--db', sandbox.db], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const deadline = Date.now() + 20000;
    while (ownerPid(sandbox) !== holder.pid && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ownerPid(sandbox), holder.pid);

    tauriDriver = await startDriver(sandbox);
    driver = await launch();
    // The window is up while the app still waits for the file (the window never waits for the
    // database), and then explains why it cannot open it.
    await waitForText(driver, By.css('main > p'), 'Loading…', 3000);
    await find(driver, 'open-error', 30000);
    const reason = await (await find(driver, 'open-error-reason')).getText();
    assert.equal(
      reason,
      `This file is open in FirstGoal elsewhere (process ${holder.pid}). Close it there, or open a copy (a backup or an export).`,
    );
    await screenshot(driver, 'd-03-open-in-another-process');
  } finally {
    holder.kill('SIGKILL');
    await driver?.quit().catch(() => {});
    driver = undefined;
    await stopDriver(tauriDriver);
    tauriDriver = undefined;
  }
});
