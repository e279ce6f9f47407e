// User text is data everywhere, on the real app: script and markup payloads typed into the UI and
// arriving in a prepared file (every free-text column, a journey) are shown as text on every
// screen, never run, and come out escaped in every export.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, test } from 'node:test';
import { By, Key } from 'selenium-webdriver';
import { answerSaveDialogs, byTestId, find, launch, makeSandbox, retryStale, screenshot, startDriver, stopDriver, typeChecked, waitForText } from './harness.mjs';
import {
  FORMULA,
  JOURNEY,
  PLAYBOOK,
  XML_EDGE,
  assertEscaped,
  assertNoRawTags,
  assertWellFormedXml,
  columnPayload as col,
  jsonStrings,
  parseCsv,
  payload,
  prepareFile,
} from './security-data.mjs';

const sandbox = makeSandbox('security');
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
afterEach(async (t) => {
  if (driver && t.passed === false) await screenshot(driver, `s-failed-${t.name.replace(/\W+/g, '-')}`).catch(() => {});
});

/** What the user types: one payload per field reached through the UI. */
const UI = {
  customer: payload('ui.customer_name', 0),
  owner: payload('ui.owner', 1),
  stakeholder: payload('ui.stakeholder', 2),
  purpose: payload('ui.purpose', 3),
  goal: payload('ui.goal', 4),
  criterion: payload('ui.criterion', 5),
};

/**
 * Checks the screen as it is: nothing ran (`window.__pwned` unset), no element was made from a
 * payload, and each of `expected` is shown as text (page text, input values, SVG text).
 */
async function checkScreen(name, expected) {
  let state;
  const missing = () => expected.filter((p) => !state.text.includes(p));
  await driver
    .wait(async () => {
      state = await driver.executeScript(() => ({
        pwned: window.__pwned ?? null,
        elements: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]').length,
        scripts: Array.from(document.scripts).filter((s) => s.textContent.includes('__pwned')).length,
        text: [
          document.body.innerText,
          ...Array.from(document.querySelectorAll('input, textarea'), (e) => e.value),
          ...Array.from(document.querySelectorAll('svg text, svg title, svg tspan'), (e) => e.textContent),
        ].join('\n'),
      }));
      return missing().length === 0;
    }, 10000)
    .catch(() => {});
  assert.equal(state.pwned, null, `${name}: a payload ran (${state.pwned})`);
  assert.equal(state.elements, 0, `${name}: an element was made from a payload`);
  assert.equal(state.scripts, 0, `${name}: a script was made from a payload`);
  assert.deepEqual(missing(), [], `${name}: payloads not shown as text`);
}

/**
 * Clicks a control like a user: scrolled into the middle first (the status bar covers the bottom
 * edge). A control named by its test id is found again if a re-render replaced it meanwhile.
 */
async function click(target) {
  if (typeof target === 'string') return retryStale(() => click(find(driver, target)));
  const el = await target;
  await driver.executeScript((e) => e.scrollIntoView({ block: 'center' }), el);
  await el.click();
}

function openProject(index) {
  return retryStale(() => openProjectOnce(index));
}

async function openProjectOnce(index) {
  await click('nav-projects');
  await find(driver, 'project-count');
  const rows = await driver.wait(async () => {
    const found = await driver.findElements(By.css('[data-testid="project-row"] button'));
    return found.length === 2 ? found : null;
  }, 10000);
  for (const row of rows) {
    const text = (await row.getText()).trim();
    if (index === 2 ? text === FORMULA : text !== FORMULA) return click(row).then(() => find(driver, 'project-page'));
  }
  throw new Error(`no project ${index}`);
}

async function openPeople(tab) {
  await click(`open-${tab}`);
  await find(driver, 'people-page');
}

/** Answers the save dialog with `file`, clicks `testId`, and returns the written text. */
async function exportTo(testId, file) {
  await answerSaveDialogs(driver, [file]);
  await click(testId);
  await driver.wait(() => existsSync(file), 15000, `${testId} wrote no ${file}`);
  return readFileSync(file, 'utf8');
}

const out = (name) => path.join(sandbox.dir, name);

test('payloads typed through the UI are saved as text', async () => {
  prepareFile(sandbox);
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
  await find(driver, 'project-list');
  await checkScreen('project list (file)', [col('projects.customer_name'), FORMULA]);
  await screenshot(driver, 's-01-project-list');

  await openProject(1);
  // The form is drawn again once the project's plan has loaded: find its fields again if so.
  await retryStale(async () => typeChecked(await find(driver, 'input-customer_name'), UI.customer));
  await retryStale(async () => typeChecked(await find(driver, 'input-owner'), UI.owner));
  await click('submit-project');
  await waitForText(driver, byTestId('project-title'), UI.customer);

  await openPeople('kickoff');
  await (await find(driver, 'quick-add-input')).sendKeys(`${UI.stakeholder}、総務部、担当`, Key.ENTER);
  await driver.wait(async () => (await retryStale(async () => (await find(driver, 'quick-add-input')).getAttribute('value'))) === '', 10000);
  await retryStale(async () => typeChecked(await find(driver, 'purpose-input'), UI.purpose));
  await click('save-purpose');
  await retryStale(async () => {
    const goal = await find(driver, 'goal-one_month');
    await typeChecked(await goal.findElement(byTestId('goal-input')), UI.goal);
    await typeChecked(await goal.findElement(byTestId('criterion-input')), UI.criterion);
    await click(goal.findElement(byTestId('save-goal')));
  });
  await driver.wait(
    async () =>
      (await (await find(driver, 'goal-one_month')).findElement(byTestId('criterion-input')).getAttribute('value').catch(() => '')) ===
      UI.criterion,
    10000,
  );
  await checkScreen('kickoff mode', [UI.customer, UI.stakeholder, UI.purpose, UI.goal, UI.criterion, col('stakeholders.name'), col('stakeholders.stated_role')]);
  await screenshot(driver, 's-02-kickoff');
});

test('every screen shows the payloads as text and runs none', async () => {
  await click('tab-list');
  await checkScreen('stakeholder list', [UI.stakeholder, col('stakeholders.name'), col('stakeholders.title'), col('stakeholders.department'), col('touchpoints.note')]);
  await screenshot(driver, 's-03-stakeholder-list');
  await click('tab-map');
  await find(driver, 'map-svg');
  await checkScreen('stakeholder map', [UI.customer, '<script>win…']); // names are shortened on the map
  await click('people-back');

  await find(driver, 'project-page');
  await checkScreen('project page', [
    UI.customer,
    UI.owner,
    col('milestones.title'),
    col('project_stages.name'),
    col('project_stages.definition'),
    col('project_stages.exit_criteria'),
    col('stage_actions.title'),
    col('team_members.name'),
    col('project_holds.note'),
    col('projects.playbook_name'),
    JOURNEY.name,
  ]);
  await screenshot(driver, 's-04-project-page');

  await click('open-journey');
  await find(driver, 'journey-page');
  await driver.wait(async () => (await driver.findElements(byTestId('step-node'))).length === 2, 10000);
  await checkScreen('journey editor', [JOURNEY.name, JOURNEY.title, JOURNEY.title2, JOURNEY.lane]);
  await screenshot(driver, 's-05-journey');
  await click('journey-back');
  await find(driver, 'project-page');

  await click('nav-portfolio');
  await find(driver, 'figures');
  await checkScreen('portfolio', [UI.customer, FORMULA, col('projects.owner'), col('team_members.name')]);
  await screenshot(driver, 's-06-portfolio');

  await click('nav-playbooks');
  await find(driver, 'playbooks');
  await checkScreen('playbooks', [PLAYBOOK]);
  await click('nav-settings');
  await find(driver, 'export-all');
  // Settings hold no user text; nothing may have run by now either.
  await checkScreen('settings', []);
});

test('every export escapes the payloads', async () => {
  await openProject(1);
  await openPeople('kickoff');
  const summaryHtml = await exportTo('export-summary-html', out('summary.html'));
  assertEscaped('kickoff summary HTML', summaryHtml);
  const summaryMd = await exportTo('export-summary-md', out('summary.md'));
  assertNoRawTags('kickoff summary Markdown', summaryMd);
  assert.ok(summaryMd.includes('&lt;img src=x'), 'escaped payload in the Markdown');

  await click('tab-map');
  const map = await exportTo('export-map-svg', out('map.svg'));
  assertEscaped('map SVG', map, [0]);
  assert.ok(map.includes('&lt;script&gt;win…'), 'escaped (shortened) names on the map');
  assertWellFormedXml('map SVG', map);
  await click('people-back');

  const reportHtml = await exportTo('report-html', out('report.html'));
  assertEscaped('project report HTML', reportHtml);
  const reportMd = await exportTo('report-md', out('report.md'));
  assertNoRawTags('project report Markdown', reportMd);
  assert.ok(reportMd.includes('&lt;img src=x'), 'escaped payload in the report Markdown');

  await click('open-journey');
  await find(driver, 'journey-page');
  const journey = {};
  for (const [format, ext] of [['svg', 'svg'], ['drawio', 'drawio'], ['mermaid', 'mmd'], ['json', 'json']]) {
    await (await (await find(driver, 'export-format')).findElement(By.css(`option[value="${format}"]`))).click();
    journey[format] = await exportTo('export-button', out(`journey.${ext}`));
  }
  assertEscaped('journey SVG', journey.svg);
  assertWellFormedXml('journey SVG', journey.svg);
  assertEscaped('journey draw.io', journey.drawio);
  assertWellFormedXml('journey draw.io', journey.drawio);
  assert.ok(!/html=1/.test(journey.drawio), 'draw.io labels are plain text');
  assertNoRawTags('journey Mermaid', journey.mermaid);
  assert.ok(journey.mermaid.includes('#lt;script#gt;window'), 'escaped payload in the Mermaid');
  const journeyStrings = jsonStrings(JSON.parse(journey.json));
  for (const text of Object.values(JOURNEY)) assert.ok(journeyStrings.includes(text), `journey JSON holds ${text}`);

  await click('nav-portfolio');
  await find(driver, 'figures');
  const csv = parseCsv((await exportTo('export-csv', out('portfolio.csv'))).replace(/^\uFEFF/, ''));
  const cells = csv.slice(1).flat();
  assert.deepEqual(cells.filter((c) => /^[=+@]/.test(c)), [], 'no cell starts a formula');
  assert.ok(cells.includes(`'${FORMULA}`), 'the formula is kept as text');
  assert.ok(cells.includes(UI.customer) && cells.includes(UI.owner), 'markup payloads are plain cells');

  await click('nav-settings');
  const all = jsonStrings(JSON.parse(await exportTo('export-all', out('all.json'))));
  for (const text of [...Object.values(UI), PLAYBOOK]) assert.ok(all.includes(text), `export holds ${text}`);
  for (const column of ['stakeholders.phone', 'milestones.evidence', 'milestones.customer_owner', 'milestones.due_date_reason']) {
    assert.ok(all.some((s) => s.startsWith(col(column))), `export holds ${column}`);
  }
  assert.ok(all.some((s) => s.includes(XML_EDGE)), 'the XML edge cases are kept verbatim');
  await screenshot(driver, 's-07-exported');
  await checkScreen('after the exports', []);
  await finish();
});
