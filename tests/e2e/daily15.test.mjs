// Daily use at the default window size (1200×800) on a 300-project demo file: the project page
// shows its open risks and opens the place to fix each, the portfolio flags every risk and tells
// late work ("overdue") from a goal nobody decided ("needs a decision"), customers sort naturally,
// thin data says why, saves say they were saved, and dates are typed and shown in the UI
// language — in English and Japanese, light and dark.
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
  retryStale,
  root,
  screenshot,
  startDriver,
  stopDriver,
  typeInto,
  waitForText,
} from './harness.mjs';

const cli = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'debug/firstgoal-cli');
const sandbox = makeSandbox('daily15');
let tauriDriver;
let driver;

before(async () => {
  mkdirSync(path.dirname(sandbox.db), { recursive: true });
  execFileSync(cli, ['--db', sandbox.db, 'demo', '--projects', '300', '--seed', '1']);
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

/** Types a date like a user (keystrokes, then Tab to leave the field). */
async function typeDate(testId, text) {
  const field = await find(driver, testId);
  await typeInto(field, text);
  await field.sendKeys(Key.TAB);
  return field;
}

async function settings(language, theme) {
  await (await find(driver, 'nav-settings')).click();
  await (await find(driver, `language-${language}`)).click();
  await (await find(driver, `theme-${theme}`)).click();
}

/** Picks an option of a select by its value, as a click in the list does. */
async function choose(testId, value) {
  await driver.executeScript(
    (select, v) => {
      select.value = v;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    await find(driver, testId),
    value,
  );
}

/** Scrolls the portfolio so that its list is in view. */
const showRows = () =>
  driver.executeScript(() => document.querySelector('[data-testid="portfolio-count"]')?.scrollIntoView({ block: 'start' }));

const attr = (testId, name) => retryStale(async () => (await find(driver, testId)).getAttribute(name));

test('the window opens at 1200×800', async () => {
  const size = await driver.executeScript(() => [window.outerWidth, window.outerHeight]);
  assert.deepEqual(size, [1200, 800]);
});

test('typed dates are understood or refused, never read as another date', async () => {
  await (await find(driver, 'new-project')).click();
  await typeInto(await find(driver, 'input-customer_name'), 'Acme Insurance #22 (new)');
  // Month first, as an English reader types it: 01/10/2020.
  await typeDate('input-contract_date', '01102020');
  assert.equal(await attr('input-contract_date', 'value'), 'Jan 10, 2020');
  // A day that does not exist is refused next to the field, not moved to March.
  await typeDate('input-kickoff_date', '2020/02/30');
  await waitForText(driver, byTestId('input-kickoff_date-error'), '“2020/02/30” is not a day in the calendar.');
  assert.equal(await attr('input-kickoff_date', 'aria-invalid'), 'true');
  await screenshot(driver, 'daily15-date-refused-en-light');
  await typeDate('input-kickoff_date', '2020-01-15');
  assert.equal(await attr('input-kickoff_date', 'value'), 'Jan 15, 2020');
  assert.equal((await driver.findElements(byTestId('input-kickoff_date-error'))).length, 0);
  // The focused date field shows where the focus is.
  const outline = await driver.executeScript(() => {
    const field = document.querySelector('[data-testid="input-kickoff_date"]');
    field.focus();
    return getComputedStyle(field).outlineStyle;
  });
  assert.notEqual(outline, 'none');
  await (await find(driver, 'submit-project')).click();
  await waitForText(driver, byTestId('project-title'), 'Acme Insurance #22 (new)');
});

test('the project page shows its open risks, each opening the place to fix it', async () => {
  await find(driver, 'page-risks');
  for (const code of ['no_decision_maker', 'few_key_persons', 'purpose_missing', 'goal_without_criterion']) {
    await find(driver, `risk-${code}`);
  }
  await waitForText(driver, byTestId('risk-count'), '4');
  await screenshot(driver, 'daily15-project-risks-en-light');
  // A goal without a criterion is fixed on this page: its first goals get the focus.
  await (await find(driver, 'fix-goal_without_criterion')).click();
  const focused = await driver.executeScript(() => document.activeElement?.closest('[data-testid]')?.dataset.testid);
  assert.equal(focused, 'first-goals-card');
  // A missing decision-maker is fixed in the kickoff.
  await (await find(driver, 'fix-no_decision_maker')).click();
  await find(driver, 'kickoff-mode');
});

test('saving the purpose, a goal and a role says it was saved', async () => {
  const purpose = await find(driver, 'purpose-input');
  await typeInto(purpose, 'Cut claim handling from 10 days to 3');
  await (await find(driver, 'save-purpose')).click();
  await waitForText(driver, byTestId('purpose-saved'), '✓ Purpose saved.');
  // Editing again takes the note away: it is shown only for what is stored.
  await (await find(driver, 'purpose-input')).sendKeys('.');
  await waitForText(driver, byTestId('purpose-saved'), '');

  const goal = await retryStale(async () => (await driver.findElements(byTestId('goal-input')))[0]);
  await typeInto(goal, 'Claims team works in the new flow');
  await (await driver.findElements(byTestId('save-goal')))[0].click();
  await driver.wait(async () => {
    const notes = await driver.findElements(byTestId('goal-saved'));
    return notes.length > 0 && (await notes[0].getText()).includes('1 month saved.');
  }, 10000);

  const entry = await find(driver, 'quick-add-input');
  await entry.sendKeys('Dana Ito, Claims', Key.ENTER);
  const stated = await find(driver, 'stated-role');
  await stated.sendKeys('Runs the pilot', Key.TAB);
  await driver.wait(async () => {
    const notes = await driver.findElements(byTestId('role-saved'));
    return notes.length > 0 && (await notes[0].getAttribute('textContent')).includes('Role of Dana Ito saved.');
  }, 10000);
  await screenshot(driver, 'daily15-kickoff-saved-en-light');
});

/** Picks an order in the portfolio's sort menu, by its option as a user clicks it. */
async function chooseSort(value) {
  await retryStale(async () => {
    await (await find(driver, 'portfolio-sort')).click();
    await (await find(driver, 'portfolio-sort')).findElement(By.css(`option[value="${value}"]`)).click();
  });
  await driver.wait(async () => (await attr('portfolio-sort', 'value')) === value, 5000);
}

test('the portfolio flags every risk, tells overdue from needs a decision, and sorts customers naturally', async () => {
  await (await find(driver, 'nav-portfolio')).click();
  await find(driver, 'portfolio-rows');
  // Next milestone first: the past-due goals of the demo are recent, none forgotten for months.
  await chooseSort('next_due');
  await driver.wait(async () => {
    const rows = await driver.findElements(byTestId('row-next-timing'));
    return rows.length > 0 && ['overdue', 'needs_decision'].includes(await rows[0].getAttribute('data-timing'));
  }, 10000);
  const timings = await driver.executeScript(() =>
    [...document.querySelectorAll('[data-testid="portfolio-row"]')].map((row) => {
      const next = row.querySelector('[data-testid="row-next-timing"]');
      return [row.querySelector('[data-testid="open-project"]').textContent.trim(), next?.dataset.timing, next?.textContent.trim()];
    }),
  );
  // The demo's own projects (not the one made above with a 2020 kickoff) keep their goals decided.
  const demo = timings.filter(([name, timing]) => !name.endsWith('(new)') && (timing === 'overdue' || timing === 'needs_decision'));
  for (const [name, timing, text] of demo) {
    const days = Number(/(\d+)/.exec(text)?.[1]);
    assert.ok(days < 60, `${name}: ${timing} ${text}`);
    // A finished project's open goal waits for a decision: said so, in its own colour and flag.
    if (timing === 'needs_decision') assert.match(text, /past due/);
  }
  const flags = await driver.executeScript(() =>
    [...document.querySelectorAll('[data-flag="needs_decision"]')].map((e) => [e.textContent.trim(), e.className]),
  );
  for (const [label, className] of flags) {
    assert.equal(label, 'Needs a decision');
    assert.match(className, /decide/);
  }
  // One language per screen: built-in stage names in English, whoever's project.
  const stages = await driver.executeScript(() =>
    [...document.querySelectorAll('[data-testid="row-stage"]')].map((e) => e.textContent.trim()).filter(Boolean),
  );
  assert.ok(stages.length > 5);
  for (const stage of stages) assert.doesNotMatch(stage, /[\u3040-\u30ff\u4e00-\u9fff]/, stage);
  await showRows();
  await screenshot(driver, 'daily15-portfolio-next-en-light');

  // Customer order: "#9" before "#22" before "#109" for the same customer.
  await chooseSort('customer');
  assert.equal(await attr('portfolio-sort', 'value'), 'customer');
  await typeInto(await find(driver, 'portfolio-search'), 'Acme Insurance');
  // The core answers the search and the order together; wait for that answer.
  const shown = () =>
    driver.executeScript(() =>
      [...document.querySelectorAll('[data-testid="open-project"]')].map((b) => b.textContent.trim()),
    );
  await driver.wait(async () => {
    const now = await shown();
    return now.length > 0 && now.every((n) => n.includes('Acme Insurance'));
  }, 10000);
  const names = await shown();
  const numbers = names.filter((n) => /^Acme Insurance #\d+$/.test(n)).map((n) => Number(n.split('#')[1]));
  assert.ok(numbers.length >= 3, names.join(' | '));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));

  // The new project's kickoff risks are in the portfolio's flags (the purpose is now recorded
  // but not agreed by a decision-maker).
  await typeInto(await find(driver, 'portfolio-search'), '#22 (new)');
  await driver.wait(async () => (await driver.findElements(byTestId('portfolio-row'))).length === 1, 10000);
  const risks = await attr('row-flags', 'data-risks');
  assert.match(risks, /no_decision_maker/);
  assert.match(risks, /purpose_not_agreed/);
  assert.match(risks, /goal_without_criterion/);
  await waitForText(driver, byTestId('row-risks'), '4 risks');
});

test('charts and figures with too little data say why', async () => {
  await typeInto(await find(driver, 'portfolio-search'), '');
  await choose('filter-month', '2020-01');
  await waitForText(driver, byTestId('figure-ttv-why'), 'No project has reached its 1 month first goal yet, so there is no TTV to measure.');
  await find(driver, 'chart-distribution-thin');
  await find(driver, 'chart-cohort-thin');
  assert.equal(await attr('chart-distribution-svg', 'disabled'), 'true');
  await screenshot(driver, 'daily15-portfolio-thin-en-light');
  await choose('filter-month', '');
  await driver.wait(async () => (await driver.findElements(byTestId('chart-distribution-thin'))).length === 0, 10000);
  await screenshot(driver, 'daily15-portfolio-en-light');
});

test('in Japanese, dark: dates in the Japanese format, built-in stages in Japanese', async () => {
  await settings('ja', 'dark');
  await (await find(driver, 'nav-portfolio')).click();
  await find(driver, 'portfolio-rows');
  await driver.wait(async () => {
    const stages = await driver.executeScript(() =>
      [...document.querySelectorAll('[data-testid="row-stage"]')].map((e) => e.textContent.trim()).filter(Boolean),
    );
    return stages.length > 5 && stages.every((stage) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(stage));
  }, 10000);
  await showRows();
  await screenshot(driver, 'daily15-portfolio-ja-dark');
  // An English customer's project (made from the English built-in playbook) shows its stages in Japanese.
  await typeInto(await find(driver, 'portfolio-search'), 'Northwind');
  await driver.sleep(600);
  await (await find(driver, 'open-project')).click();
  await find(driver, 'page-risks');
  const stage = await driver.executeScript(() => document.querySelector('.stage-name')?.textContent ?? '');
  assert.match(stage, /[\u3040-\u30ff\u4e00-\u9fff]/, `stage name in Japanese: ${stage}`);
  const due = await driver.executeScript(() => document.querySelector('[data-testid="due-date"]')?.textContent.trim());
  assert.match(due, /^\d{4}\/\d{2}\/\d{2}$/);
  await screenshot(driver, 'daily15-project-ja-dark');

  await (await find(driver, 'nav-projects')).click();
  await typeInto(await find(driver, 'project-search'), '#22 (new)');
  await driver.wait(async () => (await driver.findElements(byTestId('project-row'))).length === 1, 10000);
  await waitForText(driver, byTestId('project-risks'), 'リスク 4 件');
  await driver.executeScript(() => document.querySelector('[data-testid="project-row"] button')?.click());
  await find(driver, 'page-risks');
  await waitForText(driver, byTestId('fix-purpose_not_agreed'), 'キックオフで対応 →');
  await screenshot(driver, 'daily15-project-risks-ja-dark');
  // Typed the Japanese way, without leading zeros: read as that day and shown in full.
  await (await find(driver, 'new-milestone-due')).sendKeys('2020/1/20', Key.TAB);
  assert.equal(await attr('new-milestone-due', 'value'), '2020/01/20');
  await screenshot(driver, 'daily15-project-dates-ja-dark');

  await settings('en', 'light');
});
