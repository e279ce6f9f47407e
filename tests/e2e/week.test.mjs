// "This week" on the real app: a new file says the week is clear; a prepared file (an overdue
// first goal, a key person not touched for 40 days, an overdue stage action) lists them, most
// urgent first, and each opens the place where it is fixed; the screen in English and Japanese.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { By, until } from 'selenium-webdriver';
import { byTestId, find, launch, makeSandbox, root, screenshot, startDriver, stopDriver, waitForText } from './harness.mjs';

const cli = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'debug/firstgoal-cli');
const sandbox = makeSandbox('week');
let tauriDriver;
let driver;

before(async () => {
  tauriDriver = await startDriver(sandbox);
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

/** One demo project made deterministic, relative to today (local dates, as the core counts):
 * in its first stage, so its late goal is overdue work, not a goal waiting for a decision. */
function prepare() {
  execFileSync(cli, ['--db', sandbox.db, 'demo', '--projects', '1', '--seed', '3']);
  const day = (n) => `date('now','localtime','${n} days')`;
  execFileSync('sqlite3', [
    sandbox.db,
    `UPDATE projects SET customer_name='Week KK', contract_date=${day(-70)}, kickoff_date=${day(-60)};
     UPDATE milestones SET status='achieved', achieved_on=${day(-20)},
       criterion=CASE WHEN criterion='' THEN 'done' ELSE criterion END;
     UPDATE milestones SET status='planned', achieved_on=NULL, due_date=${day(-10)}, due_date_manual=1
       WHERE horizon='one_month';
     UPDATE project_stages SET entered_on=NULL, exited_on=NULL
       WHERE position > (SELECT MIN(position) FROM project_stages);
     UPDATE project_stages SET entered_on=${day(-60)}, exited_on=NULL
       WHERE position = (SELECT MIN(position) FROM project_stages);
     UPDATE stage_actions SET done_on=${day(-30)};
     UPDATE stage_actions SET done_on=NULL, due_date=${day(-3)}, title='Send the login guide'
       WHERE id=(SELECT MIN(a.id) FROM stage_actions a JOIN project_stages s ON s.id=a.stage_id
                 WHERE s.entered_on IS NOT NULL AND s.exited_on IS NULL);
     DELETE FROM project_holds; DELETE FROM journeys; DELETE FROM heat_entries;
     UPDATE stakeholders SET key_person=0, status='active', attended_kickoff=1;
     UPDATE stakeholders SET key_person=1, name='冷泉 一郎', last_touch=${day(-40)}
       WHERE id=(SELECT MIN(id) FROM stakeholders);
     UPDATE stakeholders SET roles='["decision_maker"]' WHERE id=(SELECT MAX(id) FROM stakeholders);`,
  ]);
}

async function openWeek() {
  await (await find(driver, 'nav-week')).click();
  await find(driver, 'week');
}

async function items() {
  await driver.wait(until.elementLocated(byTestId('week-item')), 10000);
  const found = [];
  for (const el of await driver.findElements(byTestId('week-item'))) {
    found.push({ kind: await el.getAttribute('data-kind'), text: await el.getText(), el });
  }
  return found;
}

test('a new file: the week is clear', async () => {
  driver = await launch();
  await driver.manage().window().setRect({ width: 1200, height: 800 });
  await openWeek();
  const clear = await find(driver, 'week-clear');
  assert.match(await clear.getText(), /The week is clear/);
  await screenshot(driver, 'week-clear-en');

  // Reminders are shown from Rust: the window itself may not send notifications.
  const sent = await driver.executeAsyncScript((done) => {
    window.__TAURI_INTERNALS__.invoke('plugin:notification|notify', { options: { title: 'x' } }).then(
      () => done('sent'),
      (e) => done(String(e)),
    );
  });
  assert.match(sent, /not allowed/);
  await driver.quit();
  driver = null;
});

test('the prepared file lists the overdue goal, the overdue action and the cold key person, and opens them', async () => {
  prepare();
  driver = await launch();
  await driver.manage().window().setRect({ width: 1200, height: 800 });
  await openWeek();
  const listed = await items();
  assert.deepEqual(
    listed.map((i) => i.kind),
    ['goal_overdue', 'action_overdue', 'key_person_untouched'],
  );
  assert.match(listed[0].text, /Week KK/);
  assert.match(listed[0].text, /1 month.*\(10 days late\)/);
  assert.match(listed[1].text, /Send the login guide.*\(3 days late\)/);
  assert.match(listed[2].text, /冷泉 一郎/);
  assert.match(listed[2].text, /\(40 days\)/);
  assert.match(await (await find(driver, 'week-count-goal_overdue')).getText(), /First goals overdue\s*1/);
  assert.match(await (await find(driver, 'week-count-key_person_untouched')).getText(), /Key persons not touched\s*1/);
  await screenshot(driver, 'week-en');

  // One kind at a time.
  await (await find(driver, 'week-count-key_person_untouched')).click();
  await driver.wait(async () => (await driver.findElements(byTestId('week-item'))).length === 1, 10000);
  assert.equal((await items())[0].kind, 'key_person_untouched');

  // The cold key person opens the stakeholders, where the same risk is flagged.
  await (await items())[0].el.findElement(byTestId('week-open')).click();
  await waitForText(driver, byTestId('people-title'), 'Week KK');
  const flagged = await find(driver, 'risk-key_person_untouched');
  assert.match(await flagged.getText(), /冷泉 一郎/);

  // The overdue goal opens the project page at its first goals.
  await openWeek();
  await (await find(driver, 'week-count-goal_overdue')).click();
  await driver.wait(async () => (await driver.findElements(byTestId('week-item'))).length === 1, 10000);
  await (await items())[0].el.findElement(byTestId('week-open')).click();
  await waitForText(driver, byTestId('project-title'), 'Week KK');
  await find(driver, 'first-goals-card');

  // The overdue action opens the stage panel, which marks it overdue.
  await openWeek();
  await (await find(driver, 'week-count-action_overdue')).click();
  await driver.wait(async () => (await driver.findElements(byTestId('week-item'))).length === 1, 10000);
  await (await items())[0].el.findElement(byTestId('week-open')).click();
  const panel = await find(driver, 'stage-panel');
  const marked = await panel.findElement(byTestId('action-overdue'));
  const row = await marked.findElement(By.xpath('..'));
  assert.match(await row.getText(), /Send the login guide/);
  await screenshot(driver, 'week-stage-panel-en');

  // In Japanese.
  await (await find(driver, 'nav-settings')).click();
  await (await find(driver, 'language-ja')).click();
  await openWeek();
  await driver.wait(async () => (await (await find(driver, 'nav-week')).getText()) === '今週やること', 10000);
  const ja = await items();
  assert.equal(ja.length, 3);
  assert.match(ja[0].text, /期日を過ぎたファーストゴール/);
  assert.match(ja[2].text, /冷泉 一郎/);
  await screenshot(driver, 'week-ja');
});
