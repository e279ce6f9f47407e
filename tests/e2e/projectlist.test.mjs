// The project list on a big file: only the rows in view are in the page, scrolling to the end
// loads and opens the oldest project, the search finds a project far from the first page, and
// the keyboard moves through the whole list.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { By, Key } from 'selenium-webdriver';
import {
  byTestId,
  find,
  launch,
  makeSandbox,
  root,
  screenshot,
  startDriver,
  stopDriver,
  typeInto,
  waitForText,
} from './harness.mjs';

const cli = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'debug/firstgoal-cli');
const BULK = 2400;
const DEMO = 3;
const TOTAL = BULK + DEMO;

let tauriDriver;
let driver;

/**
 * A file of 2,403 projects: 3 demo projects (recent kickoffs), then 2,400 plain ones written
 * with one SQL statement each for projects and milestones (the demo generator takes minutes for
 * that many in a debug build). "Bulk 0001" has the oldest kickoff: the last row of the list.
 */
function bigFile(sandbox) {
  mkdirSync(path.dirname(sandbox.db), { recursive: true });
  execFileSync(cli, ['--db', sandbox.db, 'demo', '--projects', String(DEMO), '--seed', '5']);
  execFileSync('sqlite3', [
    sandbox.db,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${BULK})
     INSERT INTO projects (customer_name, contract_date, kickoff_date, segment, owner, created_at, updated_at)
     SELECT printf('Bulk %04d', i), date('2000-01-01', '+' || i || ' days'), date('2000-01-01', '+' || i || ' days'),
            'low_touch', 'Owner ' || (i % 7), '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM n;
     INSERT INTO milestones (project_id, horizon, due_date)
     SELECT p.id, h.horizon, date(p.kickoff_date, h.shift) FROM projects p
     CROSS JOIN (SELECT 'one_month' AS horizon, '+1 months' AS shift UNION ALL
                 SELECT 'three_months', '+3 months' UNION ALL SELECT 'one_year', '+12 months') h
     WHERE p.customer_name LIKE 'Bulk %';`,
  ]);
}

before(async () => {
  const sandbox = makeSandbox('projectlist');
  bigFile(sandbox);
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

const rowCount = async () => (await driver.findElements(byTestId('project-row'))).length;
/** The names in the rendered rows, read in one script call (rows come and go while scrolling). */
const rowNames = () =>
  driver.executeScript(() =>
    [...document.querySelectorAll('[data-testid="project-row"] button')].map((b) => b.textContent.trim()),
  );
const focusedText = () => driver.executeScript(() => document.activeElement?.textContent.trim() ?? '');

async function openFromList(name) {
  await driver.wait(async () => (await rowNames()).includes(name), 10000, `no row ${name}`);
  const button = await driver.findElement(
    By.xpath(`//*[@data-testid="project-row"]//button[normalize-space(.)="${name}"]`),
  );
  await driver.executeScript((e) => e.scrollIntoView({ block: 'center' }), button);
  await button.click();
  await waitForText(driver, byTestId('project-title'), name);
}

async function backToList() {
  await (await find(driver, 'nav-projects')).click();
  await find(driver, 'project-rows');
}

test('a 2,403-project file shows its count and only the rows in view', async () => {
  await waitForText(driver, byTestId('project-count'), `${TOTAL} projects`, 20000);
  await driver.wait(async () => (await rowCount()) > 5, 10000);
  const rows = await rowCount();
  assert.ok(rows < 80, `only a window of rows is in the page, found ${rows}`);
  assert.ok(!(await rowNames()).includes('Bulk 0001'), 'the oldest project is not rendered before scrolling');
  // The risk counts of the rows in view arrive after the rows.
  await driver.wait(async () => {
    const cells = await driver.findElements(By.css('[data-testid="project-risks"] .badge'));
    return cells.length > 0;
  }, 10000);
  await screenshot(driver, 'projectlist-01-first-page');
});

test('scrolling to the end loads the last page and its project opens', async () => {
  const list = await find(driver, 'project-rows');
  await driver.executeScript((el) => {
    el.scrollTop = el.scrollHeight;
  }, list);
  await driver.wait(async () => (await rowNames()).includes('Bulk 0001'), 10000, 'the last row appears');
  assert.ok((await rowCount()) < 80, 'still only a window of rows');
  assert.ok(!(await rowNames()).includes('Bulk 2400'), 'the first rows left the page');
  await screenshot(driver, 'projectlist-02-end');
  await openFromList('Bulk 0001');
  await screenshot(driver, 'projectlist-03-opened-last');
});

test('the search finds a project far from the first page', async () => {
  await backToList();
  await typeInto(await find(driver, 'project-search'), 'bulk 1234');
  await waitForText(driver, byTestId('project-count'), '1 project');
  assert.deepEqual(await rowNames(), ['Bulk 1234']);
  await screenshot(driver, 'projectlist-04-search');
  await openFromList('Bulk 1234');

  await backToList();
  await typeInto(await find(driver, 'project-search'), 'nobody by that name');
  await find(driver, 'project-list-empty');
  // Emptied like a user does (select all, delete), which sends the input event the list listens to.
  await (await find(driver, 'project-search')).sendKeys(Key.chord(Key.CONTROL, 'a'), Key.BACK_SPACE);
  await waitForText(driver, byTestId('project-count'), `${TOTAL} projects`);
});

test('the keyboard moves down the list, jumps to the end and opens a project', async () => {
  await backToList();
  await driver.wait(async () => (await rowCount()) > 5, 10000);
  const nameAt = (index) =>
    driver.executeScript((i) => document.querySelector(`[data-index="${i}"] button`)?.textContent.trim() ?? '', index);
  const firstName = await nameAt(0);
  const second = await nameAt(1);
  assert.ok(firstName && second && firstName !== second, 'two named rows at the top');
  await driver.findElement(By.css('[data-index="0"] [data-testid="project-row"] button')).sendKeys(Key.ARROW_DOWN);
  await driver.wait(async () => (await focusedText()) === second, 10000, 'Down focuses the next project');
  await driver.switchTo().activeElement().sendKeys(Key.END);
  await driver.wait(
    async () => (await focusedText()) === 'Bulk 0001',
    10000,
    'End focuses the last project',
  );
  await driver.switchTo().activeElement().sendKeys(Key.ARROW_UP);
  await driver.wait(async () => (await focusedText()) === 'Bulk 0002', 10000);
  await screenshot(driver, 'projectlist-05-keyboard');
  await driver.switchTo().activeElement().sendKeys(Key.ENTER);
  await waitForText(driver, byTestId('project-title'), 'Bulk 0002');
});
