// Team sync in the real app against a real firstgoal-server on a throwaway PostgreSQL cluster: a
// teammate's file (the CLI) shares a project; the app joins through Settings → Team by typing its
// code, shows the project, edits it and the teammate receives the edit; the same field changed on
// both → the app shows the conflict side by side, "Keep mine" → the teammate then holds mine.
// Two server processes serve the one database (the app talks to one, the CLI to the other), so
// the app can be cut off while the teammate still syncs.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { By } from 'selenium-webdriver';
import { axeViolations, describeViolations } from './a11y-audit.mjs';
import { byTestId, cliBinary, find, launch, makeSandbox, root, screenshot, startDriver, stopDriver, typeInto, waitForText } from './harness.mjs';

const serverBinary = path.join(path.dirname(cliBinary), 'firstgoal-server');
const CUSTOMER = 'Team Sync 株式会社 <b>';
const PRIVATE = 'Private 合同会社';
const sandbox = makeSandbox('team');
// No Secret Service: credentials go to 0600 files in the sandbox's config folder, never to a
// keyring of the machine.
const noBus = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(sandbox.dir, 'no-bus')}` };
const other = path.join(sandbox.dir, 'other.sqlite');
let pgDir;
let databaseUrl;
let forApp;
let forCli;
let tauriDriver;
let driver;

/** Runs `firstgoal-server --database-url URL ...args`; returns its output. */
function admin(...args) {
  return execFileSync(serverBinary, ['--database-url', databaseUrl, ...args], { encoding: 'utf8' });
}

/** Starts `firstgoal-server serve` on `listen`; resolves with the process and its URL. */
function serve(listen = '127.0.0.1:0') {
  const child = spawn(serverBinary, ['--database-url', databaseUrl, 'serve', '--listen', listen], {
    env: { ...process.env, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const url = line.replace(/^listening on /, '');
      if (url === line) reject(new Error(`unexpected server output: ${line}`));
      else resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
}

async function stopServer(server) {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** The CLI on `db` (with the sandbox's config folder, where credentials are kept). */
function cliOn(db, ...args) {
  return execFileSync(cliBinary, ['--db', db, ...args], { encoding: 'utf8', env: { ...process.env, ...sandbox.env, ...noBus } });
}

/** The teammate's CLI on `other.sqlite`. */
const teammate = (...args) => cliOn(other, ...args);

/** The teammate's copy of the project `name`, after a sync. */
function teammateProject(name = CUSTOMER) {
  teammate('team', 'sync');
  const out = path.join(sandbox.dir, 'other-export.json');
  teammate('export', '--out', out);
  const { columns, rows } = JSON.parse(readFileSync(out, 'utf8')).tables.projects;
  const named = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
  return named.find((p) => p.customer_name === name);
}

function code(name, role = 'member') {
  const printed = admin('person', 'add', '--team', 'CS Japan', '--name', name, '--role', role);
  return printed.match(/enrolment code \(shown once\): (\S+)/)[1];
}

before(async () => {
  pgDir = mkdtempSync(path.join(tmpdir(), 'firstgoal-pg.'));
  databaseUrl = execFileSync(path.join(root, 'scripts/pg-cluster.sh'), ['start', pgDir], { encoding: 'utf8' }).trim();
  forApp = await serve();
  forCli = await serve();
  admin('team', 'create', 'CS Japan');
  // The teammate's file: one project, shared with the team.
  teammate('demo', '--projects', '1', '--seed', '7');
  execFileSync('sqlite3', [other, `UPDATE projects SET customer_name = '${CUSTOMER}', owner = 'Aiko';`]);
  teammate('team', 'enrol', '--server', forCli.url, '--code', code('Aiko'));
  teammate('team', 'sync');
  // The app's file holds a project of its own before it joins.
  execFileSync(cliBinary, ['--db', sandbox.db, 'demo', '--projects', '1', '--seed', '8']);
  execFileSync('sqlite3', [sandbox.db, `UPDATE projects SET customer_name = '${PRIVATE}';`]);
  tauriDriver = await startDriver(sandbox, noBus);
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
  await stopServer(forApp);
  await stopServer(forCli);
  if (pgDir) execFileSync(path.join(root, 'scripts/pg-cluster.sh'), ['stop', pgDir]);
  rmSync(sandbox.dir, { recursive: true, force: true });
});

/** Waits until the element `testId` shows text matching `pattern`. */
async function waitForMatch(testId, pattern, timeout = 20000) {
  let last = '';
  await driver
    .wait(async () => {
      try {
        last = await driver.findElement(byTestId(testId)).getText();
        return pattern.test(last);
      } catch {
        return false;
      }
    }, timeout)
    .catch(async () => {
      await screenshot(driver, `team-failed-${testId}`);
      throw new Error(`expected ${testId} to match ${pattern}, last saw ${JSON.stringify(last)}`);
    });
}

/** Scrolls the element `testId` to the top of the window (for a screenshot). */
async function showTop(testId) {
  await driver.executeScript((el) => el.scrollIntoView({ block: 'start' }), await find(driver, testId));
}

/** axe-core finds nothing on the screen as it is. */
async function accessible(name) {
  const violations = await axeViolations(driver);
  assert.equal(violations.length, 0, `${name}:\n${describeViolations(violations)}`);
}

async function badgeText() {
  return (await (await find(driver, 'team-badge-text')).getText()).trim();
}

async function waitForBadge(pattern, timeout = 20000) {
  await driver.wait(async () => pattern.test(await badgeText().catch(() => '')), timeout, `team status ${pattern}`);
}

test('the app joins the team in Settings → Team and receives the shared project', async () => {
  driver = await launch();
  await (await find(driver, 'nav-settings')).click();
  await find(driver, 'team-join');
  // A plain-http address of another machine is refused before anything is sent.
  await typeInto(await find(driver, 'team-server'), 'http://sync.example.com');
  await typeInto(await find(driver, 'team-code'), 'abcd-efgh');
  await (await find(driver, 'team-join-submit')).click();
  await waitForMatch('team-join-error', /only allowed to this machine/);
  // A wrong code is refused by the server.
  await typeInto(await find(driver, 'team-server'), forApp.url);
  await (await find(driver, 'team-join-submit')).click();
  await waitForMatch('team-join-error', /enrolment code is not valid/);
  await showTop('team-panel');
  await screenshot(driver, 'team-settings-error-en');

  await typeInto(await find(driver, 'team-code'), code('Ben'));
  // The file's own project stays private.
  const share = await find(driver, 'team-share-existing');
  assert.equal(await share.getAttribute('checked'), 'true');
  await share.click();
  await (await find(driver, 'team-join-submit')).click();
  await waitForText(driver, byTestId('team-role'), 'Member');
  // Named as the server says: the team, and the person the code was for.
  await waitForText(driver, byTestId('team-name'), 'CS Japan');
  assert.equal(await (await find(driver, 'team-you')).getText(), 'Ben');
  assert.equal(await (await find(driver, 'team-server-url')).getText(), forApp.url);
  assert.match(await (await find(driver, 'team-credential')).getText(), /a file only you can read: .*FirstGoal\/team\//);
  await waitForBadge(/^Synced$/);
  await waitForText(driver, byTestId('team-state'), 'Synced');
  await showTop('team-panel');
  await screenshot(driver, 'team-settings-en');
  await accessible('settings with the team');

  await (await find(driver, 'nav-projects')).click();
  await driver.wait(async () => (await driver.findElements(byTestId('project-row'))).length === 2, 20000, 'the shared project arrives');
  assert.equal(teammateProject(PRIVATE), undefined, 'the private project stayed in the file');
});

/** Opens the project `name` from the project list. */
async function openProject(name) {
  await (await find(driver, 'nav-projects')).click();
  await find(driver, 'project-row');
  for (const row of await driver.findElements(byTestId('project-row'))) {
    if ((await row.getText()).includes(name)) {
      await (await row.findElement(By.css('button'))).click();
      return waitForText(driver, byTestId('project-title'), name);
    }
  }
  throw new Error(`no project ${name} in the list`);
}

test('an edit in the app reaches the teammate', async () => {
  await openProject(CUSTOMER);
  await waitForText(driver, byTestId('project-title'), CUSTOMER);
  await typeInto(await find(driver, 'input-owner'), 'Ben from the app');
  await (await find(driver, 'submit-project')).click();
  await find(driver, 'notice');
  const deadline = Date.now() + 20000;
  let owner;
  while (Date.now() < deadline) {
    owner = teammateProject()?.owner;
    if (owner === 'Ben from the app') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal(owner, 'Ben from the app');
  await waitForBadge(/^Synced$/);
});

test('the same field changed on both: the conflict side by side, and "Keep mine" wins', async () => {
  // The app's server goes away: the app keeps its edit and says it is offline.
  const port = new URL(forApp.url).port;
  await stopServer(forApp);
  await typeInto(await find(driver, 'input-owner'), 'Mine: Ben');
  await (await find(driver, 'submit-project')).click();
  await waitForBadge(/^Offline — 1 change waiting$/);
  await driver.executeScript(() => window.scrollTo(0, 0));
  await screenshot(driver, 'team-status-offline-en');
  // Meanwhile the teammate changes the same field and syncs through the other server.
  execFileSync('sqlite3', [other, `UPDATE projects SET owner = 'Theirs: Aiko' WHERE customer_name = '${CUSTOMER}';`]);
  teammate('team', 'sync');
  // The app's server is back: "Sync now" pushes the edit, the server keeps the teammate's value.
  forApp = await serve(`127.0.0.1:${port}`);
  await (await find(driver, 'team-badge')).click();
  await (await find(driver, 'team-sync-now')).click();
  await waitForBadge(/^Needs attention \(1\)$/);
  const conflict = await find(driver, 'team-conflict');
  assert.match(await conflict.getText(), /Project: Team Sync 株式会社 <b>/);
  assert.equal(await (await find(driver, 'team-conflict-field')).getText(), 'Owner');
  assert.equal(await (await find(driver, 'team-conflict-theirs')).getText(), 'Theirs: Aiko');
  assert.equal(await (await find(driver, 'team-conflict-by')).getText(), 'By teammate Aiko');
  assert.equal(await (await find(driver, 'team-conflict-mine')).getText(), 'Mine: Ben');
  await screenshot(driver, 'team-conflict-en');
  await accessible('team screen with a conflict');

  await (await find(driver, 'nav-settings')).click();
  await (await find(driver, 'language-ja')).click();
  await (await find(driver, 'team-badge')).click();
  await waitForText(driver, byTestId('team-conflict-field'), '担当者');
  await waitForBadge(/^要対応 \(1\)$/);
  await screenshot(driver, 'team-conflict-ja');
  await (await find(driver, 'nav-settings')).click();
  await (await find(driver, 'theme-dark')).click();
  await (await find(driver, 'team-badge')).click();
  await find(driver, 'team-conflict');
  await screenshot(driver, 'team-conflict-dark-ja');
  await (await find(driver, 'nav-settings')).click();
  await waitForText(driver, byTestId('team-state'), '要対応 (1)');
  await showTop('team-panel');
  await screenshot(driver, 'team-settings-dark-ja');
  await accessible('settings with the team, dark, ja');
  await (await find(driver, 'theme-light')).click();
  await (await find(driver, 'language-en')).click();

  await (await find(driver, 'team-badge')).click();
  await (await find(driver, 'team-keep-mine')).click();
  await find(driver, 'team-conflicts-empty');
  await waitForBadge(/^Synced$/);
  await screenshot(driver, 'team-resolved-en');
  assert.equal(teammateProject().owner, 'Mine: Ben');
});

test('a private project says so on its page and travels once shared', async () => {
  await openProject(PRIVATE);
  await waitForText(driver, By.css('[data-testid="project-private"] span'), 'Private — only in this file');
  await screenshot(driver, 'team-private-project-en');
  await (await find(driver, 'project-share')).click();
  await find(driver, 'project-shared');
  assert.equal((await driver.findElements(byTestId('project-private'))).length, 0);
  const deadline = Date.now() + 20000;
  let received;
  while (!received && Date.now() < deadline) {
    received = teammateProject(PRIVATE);
    if (!received) await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok(received, 'the teammate received the shared project');
});

test('a viewer’s file says "View only" and refuses edits with a clear message', async () => {
  const viewerFile = path.join(sandbox.dir, 'viewer.sqlite');
  cliOn(viewerFile, 'team', 'enrol', '--server', forCli.url, '--code', code('Chika', 'viewer'));
  cliOn(viewerFile, 'team', 'sync');
  await driver.quit();
  driver = await launch(['--db', viewerFile]);
  await waitForBadge(/^Synced · View only$/);
  await openProject(CUSTOMER);
  await typeInto(await find(driver, 'input-owner'), 'A viewer’s edit');
  await (await find(driver, 'submit-project')).click();
  await waitForMatch('form-error', /You are a viewer in this team/);
  await screenshot(driver, 'team-viewer-refused-en');
  await driver.quit();
  driver = null;
  const out = path.join(sandbox.dir, 'viewer-export.json');
  cliOn(viewerFile, 'export', '--out', out);
  const { columns, rows } = JSON.parse(readFileSync(out, 'utf8')).tables.projects;
  const owners = rows.map((row) => row[columns.indexOf('owner')]);
  assert.ok(!owners.includes('A viewer’s edit'), 'nothing of the refused edit was written');
});
