// Accessibility on every screen of the real app, in the 1200×800 window on a 300-project demo
// file: axe-core finds no violation (every rule, all impacts) on each screen and each panel users
// open routinely, in English and Japanese, light and dark; every control reached with Tab shows
// a focus ring; the could-not-open screen too. Language and theme are switched in Settings.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { By } from 'selenium-webdriver';
import { axeViolations, describeViolations, tableLayout, unringedFocus } from './a11y-audit.mjs';
import { byTestId, cli, find, killAppsOf, launch, makeSandbox, retryStale, screenshot, startDriver, stopDriver } from './harness.mjs';

const sandbox = makeSandbox('a11y');
const badFile = path.join(sandbox.dir, 'notes.sqlite');
const LOOKS = [
  ['en', 'light'],
  ['en', 'dark'],
  ['ja', 'light'],
  ['ja', 'dark'],
];
// The looks in which Tab is pressed through every screen (a light and a dark focus colour).
const TAB_LOOKS = new Set(['en-light', 'ja-dark']);
const TAB_PRESSES = 45;
let tauriDriver;
let driver;
const started = Date.now();

before(async () => {
  mkdirSync(path.dirname(sandbox.db), { recursive: true });
  const made = cli(sandbox, ['demo', '--projects', '300', '--seed', '1']);
  assert.ok(made.ok, made.stderr);
  writeFileSync(badFile, 'meeting notes, not a database');
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
  console.log(`# a11y scenario took ${Math.round((Date.now() - started) / 1000)} s`);
});

const click = async (testId) => retryStale(async () => (await find(driver, testId)).click());

async function setLook(language, theme) {
  await click('nav-settings');
  await click(`language-${language}`);
  await click(`theme-${theme}`);
  await driver.wait(async () => (await driver.executeScript(() => [document.documentElement.lang, document.documentElement.dataset.theme])).join() === `${language},${theme}`, 5000);
}

async function openFirstProject() {
  await click('nav-projects');
  await retryStale(async () => (await (await find(driver, 'project-row', 20000)).findElement(By.css('button'))).click());
  await find(driver, 'first-goals-card');
  await find(driver, 'journey-list');
}

async function openJourney() {
  await openFirstProject();
  await retryStale(async () => (await find(driver, 'open-journey')).click());
  await find(driver, 'journey-page');
  await driver.wait(async () => (await driver.findElements(By.css('.svelte-flow__node-step'))).length > 0, 15000);
}

/** Lets the screen finish loading: nothing says "loading" and two frames were painted. */
async function settle() {
  await driver.wait(async () => (await driver.findElements(byTestId('project-row-loading'))).length === 0, 10000).catch(() => {});
  await driver.executeAsyncScript((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

// Each screen: how to reach it from anywhere, the element that shows it is there, and for a
// panel where Tab starts (else at the top of the page).
const SCREENS = [
  ['project-list', async () => click('nav-projects'), 'project-row'],
  ['new-project-form', async () => click('new-project'), 'input-playbook', '.card'],
  ['project-page', openFirstProject, 'first-goals-card'],
  ['due-date-edit', async () => click('edit-due-date'), 'save-due-date', '[data-testid="milestones"]'],
  ['people-list', async () => (await openFirstProject(), click('open-list')), 'stakeholder-table'],
  ['stakeholder-editor', async () => click('add-stakeholder'), 'stakeholder-editor', '[data-testid="stakeholder-editor"]'],
  ['csv-import', async () => click('import-csv'), 'csv-import', '[data-testid="csv-import"]'],
  ['people-map', async () => click('tab-map'), 'map-svg', '[data-testid="map-view"]'],
  ['people-kickoff', async () => click('tab-kickoff'), 'people-page'],
  ['journey-editor', openJourney, 'journey-canvas'],
  ['journey-step-panel', async () => retryStale(async () => (await find(driver, 'step-node')).click()), 'step-panel', '[data-testid="step-panel"]'],
  [
    'journey-lanes-and-revisions',
    async () => {
      await retryStale(async () => (await driver.findElement(By.css('[data-testid="lane-panel"] summary'))).click());
    },
    'lane-panel',
    '[data-testid="lane-panel"]',
  ],
  ['portfolio', async () => click('nav-portfolio'), 'portfolio-row'],
  ['this-week', async () => click('nav-week'), 'week'],
  ['playbooks', async () => click('nav-playbooks'), 'playbook-row'],
  ['settings', async () => click('nav-settings'), 'backups'],
];

const found = {};

for (const [language, theme] of LOOKS) {
  const look = `${language}-${theme}`;
  test(`axe finds nothing and every control shows its focus, ${look}`, async () => {
    await setLook(language, theme);
    const failures = [];
    for (const [name, go, ready, tabFrom] of SCREENS) {
      try {
        await go();
        await find(driver, ready, 15000);
      } catch (e) {
        await screenshot(driver, `a11y-unreached-${name}-${look}`).catch(() => {});
        const shown = await driver.executeScript(() => document.body.innerText.slice(0, 200)).catch((err) => String(err));
        failures.push(`${name} (${look}): could not be reached: ${e.message}\n  the window shows: ${JSON.stringify(shown)}`);
        continue;
      }
      await settle();
      const violations = await axeViolations(driver);
      found[`${name} ${look}`] = violations.length;
      if (violations.length > 0) failures.push(`${name} (${look}):\n${describeViolations(violations)}`);
      await screenshot(driver, `a11y-${name}-${look}`);
      if (TAB_LOOKS.has(look)) {
        const focus = await unringedFocus(driver, TAB_PRESSES, tabFrom);
        if (focus.missing.length > 0) failures.push(`${name} (${look}): focus without a ring on ${focus.missing.join(', ')}`);
      }
    }
    assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
  });
}

// The tables users read most, and their cells.
const TABLES = [
  ['project-list', async () => click('nav-projects'), 'project-row', '[data-testid="project-row"] > *'],
  ['first-goals', openFirstProject, 'milestones', '[data-testid="milestones"] :is(td, th)'],
  ['stakeholder-list', async () => (await openFirstProject(), click('open-list')), 'stakeholder-table', '[data-testid="stakeholder-table"] :is(td, th)'],
  ['portfolio-rows', async () => click('nav-portfolio'), 'portfolio-row', '[data-testid="portfolio-row"] > *'],
];

for (const language of ['ja', 'en']) {
  test(`at 1200×800 table cells keep their words whole and cut names show whole on hover, ${language}`, async () => {
    await setLook(language, 'light');
    assert.deepEqual(await driver.executeScript(() => [window.outerWidth, window.outerHeight]), [1200, 800]);
    const failures = [];
    for (const [name, go, ready, cells] of TABLES) {
      await go();
      await find(driver, ready, 15000);
      await retryStale(async () => driver.executeScript((el) => el.scrollIntoView({ block: 'start' }), await find(driver, ready)));
      await settle();
      const { squeezed, hidden } = await tableLayout(driver, cells);
      if (squeezed.length > 0) failures.push(`${name} (${language}) squeezed: ${JSON.stringify(squeezed.slice(0, 8))}`);
      if (hidden.length > 0) failures.push(`${name} (${language}) cut without ellipsis or title: ${JSON.stringify(hidden.slice(0, 8))}`);
      await screenshot(driver, `layout-${name}-${language}`);
    }
    assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
  });
}

test('the could-not-open screen has no axe violation, in each look', async () => {
  const failures = [];
  for (const [language, theme] of LOOKS) {
    const look = `${language}-${theme}`;
    // The look is kept in the settings: set it, then start the app again on a file that is no database.
    await setLook(language, theme);
    await driver.quit();
    // A window still closing would take the new start as a second launch (one instance).
    killAppsOf(sandbox);
    driver = await launch(['--db', badFile]);
    await find(driver, 'open-error', 20000);
    await settle();
    const violations = await axeViolations(driver);
    found[`could-not-open ${look}`] = violations.length;
    if (violations.length > 0) failures.push(`could-not-open (${look}):\n${describeViolations(violations)}`);
    await screenshot(driver, `a11y-could-not-open-${look}`);
    await driver.quit();
    killAppsOf(sandbox);
    driver = await launch();
    await find(driver, 'nav-settings', 20000);
  }
  console.log(`# axe violations per screen: ${JSON.stringify(found)}`);
  assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
});
