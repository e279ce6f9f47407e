// The portfolio scenario on the real app: create a project from a built-in playbook, move it to
// the next stage, achieve its 1-month first goal (a missing criterion is refused first), and see
// the portfolio figures and the TTV plot change; export a plot and the list.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { By } from 'selenium-webdriver';
import {
  answerSaveDialogs,
  byTestId,
  find,
  launch,
  makeSandbox,
  screenshot,
  setDate,
  startDriver,
  stopDriver,
  typeInto,
  waitForText,
} from './harness.mjs';

const sandbox = makeSandbox('portfolio');
let tauriDriver;
let driver;

before(async () => {
  tauriDriver = await startDriver(sandbox);
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

/** ISO date `days` from today (local time, as the app counts). */
function isoFromToday(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const CONTRACT = isoFromToday(-40);
const KICKOFF = isoFromToday(-35);
const ACHIEVED = isoFromToday(-10); // 30 days after the contract
const CUSTOMER = 'さくら物流 <i>=SUM(A1)</i>';

async function attr(testId, name) {
  return (await find(driver, testId)).getAttribute(name);
}

async function distributionSvg() {
  const chart = await find(driver, 'chart-distribution');
  const svg = await chart.findElement(By.css('svg'));
  return svg.getAttribute('innerHTML');
}

async function openPortfolio() {
  await (await find(driver, 'nav-portfolio')).click();
  await find(driver, 'figures');
}

test('create a project from the built-in enterprise playbook', async () => {
  driver = await launch();
  await find(driver, 'project-list');
  await (await find(driver, 'new-project')).click();
  const select = await find(driver, 'input-playbook');
  await driver.wait(async () => (await select.findElements(By.css('option'))).length >= 3, 10000);
  await (await select.findElement(By.css('option[value="builtin:enterprise_high_touch"]'))).click();
  await typeInto(await find(driver, 'input-customer_name'), CUSTOMER);
  await setDate(driver, await find(driver, 'input-contract_date'), CONTRACT);
  await setDate(driver, await find(driver, 'input-kickoff_date'), KICKOFF);
  await typeInto(await find(driver, 'input-owner'), 'Jamie Chen');
  await (await find(driver, 'submit-project')).click();

  await find(driver, 'project-page');
  await waitForText(driver, byTestId('project-title'), CUSTOMER);
  await waitForText(driver, byTestId('current-stage-name'), 'Contract');
  const stages = await driver.findElements(byTestId('stage'));
  assert.equal(stages.length, 5);
  const actions = await driver.findElements(byTestId('next-action'));
  assert.equal(actions.length, 3);
  // TTV so far: 40 days since the contract, unfinished.
  assert.equal(await attr('ttv', 'data-days'), '40');
  assert.equal(await attr('ttv', 'data-finished'), 'false');
  await screenshot(driver, 'p-01-project-from-playbook');
});

test('advance to the next stage', async () => {
  await (await find(driver, 'advance-stage')).click();
  await waitForText(driver, byTestId('current-stage-name'), 'Setup');
  const current = await driver.findElements(By.css('[data-testid="stage"][data-current="true"]'));
  assert.equal(current.length, 1);
  await screenshot(driver, 'p-02-stage-advanced');
});

test('the portfolio shows the unfinished project and draws its plots', async () => {
  await openPortfolio();
  assert.equal(await attr('figure-projects', 'data-value'), '1');
  assert.equal(await attr('figure-ttv', 'data-finished'), '0');
  const rows = await driver.findElements(byTestId('portfolio-row'));
  assert.equal(rows.length, 1);
  assert.equal((await rows[0].findElement(byTestId('row-stage')).getText()).trim(), 'Setup 2/5');
  // The plot is drawn by ECharts' SVG renderer under the strict CSP.
  const svg = await distributionSvg();
  assert.ok(svg.length > 200, 'the distribution chart drew an SVG');
  await screenshot(driver, 'p-03-portfolio-before');
});

test('achieving the 1-month goal needs its criterion, then changes the figures and the plot', async () => {
  const before = await distributionSvg();
  await (await find(driver, 'open-project')).click();
  await find(driver, 'project-page');
  const row = await find(driver, 'milestone-one_month');
  await (await row.findElement(byTestId('edit-milestone'))).click();
  await (await find(driver, 'input-status')).findElement(By.css('option[value="achieved"]')).click();
  // Emptied the way a user's select-all + delete would (WebDriver's clear fires no input event).
  await setDate(driver, await find(driver, 'input-criterion'), '');
  await setDate(driver, await find(driver, 'input-achieved_on'), ACHIEVED);
  await (await find(driver, 'save-milestone')).click();
  await waitForText(
    driver,
    byTestId('error-criterion'),
    'Write the measurable criterion before marking the goal achieved.',
  );
  await screenshot(driver, 'p-04-criterion-required');

  await typeInto(await find(driver, 'input-criterion'), '10 users active on 5 of 7 days');
  await (await find(driver, 'save-milestone')).click();
  await driver.wait(
    async () => (await (await find(driver, 'milestone-one_month')).findElement(byTestId('status')).getAttribute('data-status')) === 'achieved',
    10000,
  );
  await driver.wait(async () => (await attr('ttv', 'data-finished')) === 'true', 10000);
  assert.equal(await attr('ttv', 'data-days'), '30');
  await screenshot(driver, 'p-05-goal-achieved');

  await openPortfolio();
  await driver.wait(async () => (await attr('figure-ttv', 'data-finished')) === '1', 10000);
  assert.equal(await attr('figure-ttv', 'data-median'), '30');
  assert.equal(await attr('figure-on-time', 'data-value'), '1');
  const after = await distributionSvg();
  assert.notEqual(after, before, 'the TTV distribution plot changed');
  await screenshot(driver, 'p-06-portfolio-after');
});

// The window may name only files the user chose in a native dialog: the test calls an export
// command itself with a path of its own and sees it refused.
async function invoke(cmd, args) {
  return driver.executeAsyncScript(
    (c, a, done) => {
      window.__TAURI_INTERNALS__.invoke(c, a).then(
        (r) => done({ ok: r ?? null }),
        (e) => done({ error: e }),
      );
    },
    cmd,
    args,
  );
}

test('export a plot as SVG and PNG, and the list as CSV', async () => {
  const svgPath = path.join(sandbox.dir, 'ttv.svg');
  const pngPath = path.join(sandbox.dir, 'ttv.png');
  const csvPath = path.join(sandbox.dir, 'portfolio.csv');
  await answerSaveDialogs(driver, [svgPath, pngPath, csvPath]);
  await (await find(driver, 'chart-distribution-svg')).click();
  await driver.wait(() => existsSync(svgPath), 30000, 'no SVG written');
  await (await find(driver, 'chart-distribution-png')).click();
  await driver.wait(() => existsSync(pngPath), 30000, 'no PNG written');
  await (await find(driver, 'export-csv')).click();
  await driver.wait(() => existsSync(csvPath), 30000, 'no CSV written');
  assert.match(readFileSync(svgPath, 'utf8'), /^<svg/);
  assert.ok(readFileSync(svgPath, 'utf8').includes('28–34'), 'the exported plot has its axis labels');
  const png = readFileSync(pngPath);
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const csv = readFileSync(csvPath, 'utf8');
  assert.ok(csv.includes('さくら物流 <i>=SUM(A1)</i>'), csv);
  // A path the user did not choose is refused, whatever the window sends, and nothing is written.
  const svg = readFileSync(svgPath, 'utf8');
  const elsewhere = path.join(sandbox.dir, 'not-chosen.svg');
  const refused = await invoke('export_chart', { svg, format: 'svg', path: elsewhere });
  assert.equal(refused.error?.code, 'not_picked');
  assert.equal(existsSync(elsewhere), false);
  // Text that is not an SVG picture is refused and nothing is written (the chosen path reused).
  const bad = await invoke('export_chart', { svg: '<html>', format: 'png', path: pngPath });
  assert.equal(bad.error?.code, 'unavailable');
  assert.equal(readFileSync(pngPath).subarray(1, 4).toString(), 'PNG');
  await screenshot(driver, 'p-07-exported');
});
