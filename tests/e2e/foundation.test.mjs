// The foundation scenario on the real app: create a project, see its first goals with the right
// dates, switch the language, quit, relaunch on the same file, find everything again.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { By } from 'selenium-webdriver';
import {
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

const sandbox = makeSandbox('foundation');
let tauriDriver;
let driver;

before(async () => {
  tauriDriver = await startDriver(sandbox);
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

const CUSTOMER = 'さくら物流 <b>Acme</b> & "Co"';

async function milestoneIso(horizon) {
  const row = await find(driver, `milestone-${horizon}`);
  return row.findElement(byTestId('due-date')).getAttribute('data-iso');
}

async function milestoneText(horizon) {
  const row = await find(driver, `milestone-${horizon}`);
  return (await row.findElement(byTestId('due-date')).getText()).trim();
}

test('create a project and see its three first goals', async () => {
  driver = await launch();
  await find(driver, 'project-list');
  await waitForText(driver, byTestId('nav-projects'), 'Projects');
  await screenshot(driver, '01-empty-list');

  await (await find(driver, 'new-project')).click();
  // An empty customer name is refused next to the field, in English.
  await typeInto(await find(driver, 'input-customer_name'), '   ');
  await (await find(driver, 'submit-project')).click();
  await waitForText(driver, byTestId('error-customer_name'), 'Required.');
  await screenshot(driver, '02-validation-error');

  await typeInto(await find(driver, 'input-customer_name'), CUSTOMER);
  await setDate(driver, await find(driver, 'input-contract_date'), '2024-01-10');
  await setDate(driver, await find(driver, 'input-kickoff_date'), '2024-01-31');
  await typeInto(await find(driver, 'input-owner'), 'Jamie Chen');
  await (await find(driver, 'input-segment')).findElement(By.css('option[value="tech_touch"]')).click();
  await (await find(driver, 'submit-project')).click();

  await find(driver, 'project-page');
  // User text is shown as text: the markup in the name is not turned into elements.
  await waitForText(driver, byTestId('project-title'), CUSTOMER);
  assert.equal((await driver.findElements(By.css('[data-testid="project-title"] b'))).length, 0);

  // Calendar months from 31 January 2024: 29 February (leap year), 30 April, 31 January 2025.
  assert.equal(await milestoneIso('one_month'), '2024-02-29');
  assert.equal(await milestoneIso('three_months'), '2024-04-30');
  assert.equal(await milestoneIso('one_year'), '2025-01-31');
  assert.equal(await milestoneText('one_month'), 'Feb 29, 2024');
  await screenshot(driver, '03-project-milestones-en');
});

test('milestones follow the kickoff date unless set by hand', async () => {
  // Set the 1-year goal by hand, then move the kickoff.
  const yearRow = await find(driver, 'milestone-one_year');
  await (await yearRow.findElement(byTestId('edit-due-date'))).click();
  await setDate(driver, await find(driver, 'due-date-input'), '2025-03-15');
  await typeInto(await find(driver, 'due-date-reason'), 'Customer fiscal year-end');
  await (await find(driver, 'save-due-date')).click();
  await driver.wait(async () => (await milestoneIso('one_year')) === '2025-03-15', 10000);

  await setDate(driver, await find(driver, 'input-kickoff_date'), '2024-02-15');
  await (await find(driver, 'submit-project')).click();
  await find(driver, 'notice');
  assert.equal(await milestoneIso('one_month'), '2024-03-15');
  assert.equal(await milestoneIso('three_months'), '2024-05-15');
  assert.equal(await milestoneIso('one_year'), '2025-03-15');
  await screenshot(driver, '04-kickoff-moved');
});

test('switching the language changes the interface', async () => {
  await (await find(driver, 'nav-settings')).click();
  await (await find(driver, 'language-ja')).click();
  await waitForText(driver, byTestId('nav-projects'), 'プロジェクト');
  await waitForText(driver, By.css('[data-testid="settings"] h1'), '設定');
  await screenshot(driver, '05-settings-ja');

  await (await find(driver, 'nav-projects')).click();
  await waitForText(driver, By.css('[data-testid="project-list"] h1'), 'オンボーディングプロジェクト');
  // The rows come in a moment after the heading.
  await find(driver, 'project-row');
  const rows = await driver.findElements(byTestId('project-row'));
  assert.equal(rows.length, 1);
  await (await rows[0].findElement(By.css('button'))).click();
  await find(driver, 'project-page');
  assert.equal(await milestoneText('one_month'), '2024/03/15');
  await screenshot(driver, '06-project-ja');
});

test('quit and relaunch on the same file: project and language are still there', async () => {
  await driver.quit();
  driver = undefined;
  assert.ok(existsSync(sandbox.db), 'the database file exists');

  driver = await launch();
  await find(driver, 'project-list');
  await waitForText(driver, byTestId('nav-projects'), 'プロジェクト');
  await find(driver, 'project-row');
  const rows = await driver.findElements(byTestId('project-row'));
  assert.equal(rows.length, 1);
  assert.equal((await rows[0].findElement(By.css('button')).getText()).trim(), CUSTOMER);
  await screenshot(driver, '07-relaunched-ja');

  await (await rows[0].findElement(By.css('button'))).click();
  assert.equal(await milestoneIso('one_year'), '2025-03-15');
});

test('archive hides the project from the list until archived ones are shown', async () => {
  await (await find(driver, 'archive')).click();
  await find(driver, 'archived-badge');
  await (await find(driver, 'back')).click();
  await find(driver, 'project-list');
  await driver.wait(async () => (await driver.findElements(byTestId('project-row'))).length === 0, 10000);
  await (await find(driver, 'show-archived')).click();
  await driver.wait(async () => (await driver.findElements(byTestId('project-row'))).length === 1, 10000);
  await screenshot(driver, '08-archived-shown');
});
