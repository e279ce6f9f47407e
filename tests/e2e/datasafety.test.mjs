// Data safety on the real app: backups taken and restored from the UI, and files that cannot be
// opened explained in the user's language without being changed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { By } from 'selenium-webdriver';
import {
  byTestId,
  find,
  answerOpenDialogs,
  answerSaveDialogs,
  killAppsOf,
  launch,
  makeSandbox,
  screenshot,
  setDate,
  startDriver,
  stopDriver,
  typeInto,
  waitForText,
} from './harness.mjs';

let tauriDriver;
let driver;

/** Ends the scenario's app session and its driver, so the next scenario starts clean. */
async function finish() {
  await driver?.quit().catch(() => {});
  driver = undefined;
  await stopDriver(tauriDriver);
  tauriDriver = undefined;
}

after(finish);

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function createProject(name) {
  await (await find(driver, 'nav-projects')).click();
  await (await find(driver, 'new-project')).click();
  await typeInto(await find(driver, 'input-customer_name'), name);
  await setDate(driver, await find(driver, 'input-contract_date'), '2026-01-05');
  await setDate(driver, await find(driver, 'input-kickoff_date'), '2026-01-20');
  await (await find(driver, 'submit-project')).click();
  await waitForText(driver, byTestId('project-title'), name);
}

async function projectNames() {
  await (await find(driver, 'nav-projects')).click();
  await find(driver, 'project-list');
  await find(driver, 'project-count');
  const rows = await driver.findElements(By.css('[data-testid="project-row"] button'));
  return Promise.all(rows.map(async (r) => (await r.getText()).trim()));
}

test('back up from settings, then restore the backup', async () => {
  const sandbox = makeSandbox('backup');
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
  await createProject('Alpha 株式会社');

  // The daily backup is taken a few seconds after the app opened the new file (off the start
  // path): the backups panel shows it once it exists, opened anew until then.
  await driver.wait(
    async () => {
      await (await find(driver, 'nav-projects')).click();
      await (await find(driver, 'nav-settings')).click();
      await find(driver, 'backups');
      return driver
        .wait(async () => (await driver.findElements(byTestId('backup-row'))).length === 1, 1000)
        .catch(() => false);
    },
    30000,
    'the daily backup appears',
  );
  await (await find(driver, 'backup-now')).click();
  await find(driver, 'backup-notice');
  await driver.wait(async () => (await driver.findElements(byTestId('backup-row'))).length === 2, 10000);
  await screenshot(driver, 'd-01-backups');

  await createProject('Beta Inc');
  await (await find(driver, 'nav-settings')).click();
  const rows = await driver.wait(async () => {
    const found = await driver.findElements(byTestId('backup-row'));
    return found.length === 2 ? found : null;
  }, 10000);
  // Newest first: the manual backup, which holds Alpha only.
  await (await rows[0].findElement(byTestId('restore-backup'))).click();
  await screenshot(driver, 'd-02-confirm-restore');
  await (await find(driver, 'confirm-restore')).click();

  // The window reloads on the restored file; the test starts the app again all the same.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await driver.quit().catch(() => {});
  killAppsOf(sandbox);
  driver = await launch();
  assert.deepEqual(await projectNames(), ['Alpha 株式会社']);
  await (await find(driver, 'nav-settings')).click();
  // Daily + manual + the copy of the replaced file taken before the restore.
  await driver.wait(async () => (await driver.findElements(byTestId('backup-row'))).length === 3, 10000);
  await screenshot(driver, 'd-03-restored');
  await driver.quit();
  driver = undefined;
  await stopDriver(tauriDriver);
  tauriDriver = undefined;
});

async function openBadFile(sandbox, expectedReason, shot) {
  const before = sha256(sandbox.db);
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
  await find(driver, 'open-error');
  await waitForText(driver, byTestId('open-error-reason'), expectedReason);
  await screenshot(driver, shot);
  await driver.quit();
  driver = undefined;
  await stopDriver(tauriDriver);
  tauriDriver = undefined;
  assert.equal(sha256(sandbox.db), before, 'the file is byte for byte unchanged');
}

test('a file that is not a database is explained and left unchanged', async () => {
  const sandbox = makeSandbox('notdb');
  mkdirSync(path.dirname(sandbox.db), { recursive: true });
  writeFileSync(sandbox.db, 'name,email\nAlice,alice@example.com\n');
  await openBadFile(sandbox, 'This file is not a FirstGoal database.', 'd-04-not-a-database');
});

test('a file from a newer FirstGoal is explained and left unchanged', async () => {
  const source = makeSandbox('source');
  tauriDriver = await startDriver(source);
  driver = await launch();
  await createProject('Future KK');
  await driver.quit();
  driver = undefined;
  await stopDriver(tauriDriver);
  killAppsOf(source);
  execFileSync('sqlite3', [
    source.db,
    "PRAGMA wal_checkpoint(TRUNCATE); INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (9999, 'future', '2030-01-01', 1, x'00', 0);",
  ]);
  const sandbox = makeSandbox('newer');
  mkdirSync(path.dirname(sandbox.db), { recursive: true });
  execFileSync('sqlite3', [source.db, `VACUUM INTO '${sandbox.db}'`]);
  await openBadFile(sandbox, 'This file was written by a newer version of FirstGoal.', 'd-05-newer-schema');
});

test('a damaged file is explained in Japanese and left unchanged', async () => {
  const source = makeSandbox('damage-src');
  tauriDriver = await startDriver(source);
  driver = await launch();
  await createProject('Damaged KK');
  await (await find(driver, 'nav-settings')).click();
  await (await find(driver, 'language-ja')).click();
  await waitForText(driver, byTestId('nav-projects'), 'プロジェクト');
  await driver.quit();
  driver = undefined;
  await stopDriver(tauriDriver);
  execFileSync('sqlite3', [source.db, 'PRAGMA wal_checkpoint(TRUNCATE);']);
  const bytes = readFileSync(source.db);
  for (let i = 100; i < bytes.length; i += 1) bytes[i] ^= 0x5a;
  writeFileSync(source.db, bytes);
  copyFileSync(source.db, `${source.db}.orig`);
  await openBadFile(source, 'このファイルは破損しています。', 'd-06-damaged-ja');
});

test('export all data as JSON and import it into another file', async () => {
  const source = makeSandbox('export');
  tauriDriver = await startDriver(source);
  driver = await launch();
  await createProject('Export 株式会社 <i>x</i>');
  await (await find(driver, 'nav-settings')).click();
  const dump = path.join(source.dir, 'all.json');
  await answerSaveDialogs(driver, [dump]);
  await (await find(driver, 'export-all')).click();
  await find(driver, 'transfer-notice');
  const exported = JSON.parse(readFileSync(dump, 'utf8'));
  assert.equal(exported.format, 'firstgoal-export');
  assert.equal(exported.tables.projects.rows.length, 1);
  assert.ok(exported.tables.projects.rows[0].includes('Export 株式会社 <i>x</i>'));
  await driver.quit();
  driver = undefined;
  await stopDriver(tauriDriver);

  const target = makeSandbox('import');
  tauriDriver = await startDriver(target);
  driver = await launch();
  await createProject('Already here');
  await (await find(driver, 'nav-settings')).click();
  // A broken document first: refused with its place, nothing written.
  const broken = path.join(target.dir, 'broken.json');
  writeFileSync(broken, JSON.stringify({ ...exported, format_version: 99 }));
  await answerOpenDialogs(driver, [broken, dump]);
  await (await find(driver, 'import-all')).click();
  const refusal = await find(driver, 'transfer-error');
  assert.match(await refusal.getText(), /format_version/);
  await screenshot(driver, 'd-07-import-refused');
  await (await find(driver, 'import-all')).click();
  await waitForText(
    driver,
    byTestId('transfer-notice'),
    'Imported 4 rows. This file already held data, so the imported items got new numbers.',
  );
  await screenshot(driver, 'd-08-imported');
  assert.deepEqual((await projectNames()).sort(), ['Already here', 'Export 株式会社 <i>x</i>']);
  await finish();
});

test('an edit based on stale data is refused and the newer value is shown', async () => {
  const sandbox = makeSandbox('conflict');
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
  await createProject('Original 株式会社');
  // Another app instance on the same file renames the project meanwhile.
  execFileSync('sqlite3', [
    '-cmd',
    '.timeout 5000',
    sandbox.db,
    "UPDATE projects SET customer_name = 'Renamed elsewhere', version = version + 1;",
  ]);
  await typeInto(await find(driver, 'input-owner'), 'Stale edit');
  await (await find(driver, 'submit-project')).click();
  const banner = await find(driver, 'page-error');
  assert.match(await banner.getText(), /changed this project meanwhile/);
  await waitForText(driver, byTestId('project-title'), 'Renamed elsewhere');
  await driver.wait(
    async () => (await (await find(driver, 'input-customer_name')).getAttribute('value')) === 'Renamed elsewhere',
    10000,
  );
  await screenshot(driver, 'd-09-conflict');
  const owner = execFileSync('sqlite3', [sandbox.db, 'SELECT owner FROM projects;']).toString().trim();
  assert.equal(owner, '', 'the stale edit was not written');
  await finish();
});
