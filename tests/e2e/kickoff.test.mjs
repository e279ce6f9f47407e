// The kickoff scenario on the real app: go round the room with Japanese names through the
// one-line entry, mark an absent decision-maker and one key person, record the adoption purpose
// and the three first goals, see the risks, export the summary and the stakeholder map, and check
// that a name made of markup stays text everywhere.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { By, Key } from 'selenium-webdriver';
import {
  answerSaveDialogs,
  byTestId,
  find,
  launch,
  makeSandbox,
  newProjectKickoff,
  screenshot,
  startDriver,
  stopDriver,
  typeInto,
  waitForText,
} from './harness.mjs';

const sandbox = makeSandbox('kickoff');
let tauriDriver;
let driver;

before(async () => {
  tauriDriver = await startDriver(sandbox);
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

const EVIL = '<img src=x onerror=alert(1)>';
const LINES = [
  '山田 太郎、経営企画部、取締役',
  '佐藤 花子、情報システム部、部長',
  '鈴木 一郎，営業部，課長',
  '高橋 美咲, 経理部, 主任',
  `${EVIL}、総務部、担当`,
];
const NAMES = ['山田 太郎', '佐藤 花子', '鈴木 一郎', '高橋 美咲', EVIL];
// The kickoff is today, so "not touched for 14 days" cannot fire whatever day the suite runs.
const TODAY = new Date().toISOString().slice(0, 10);

async function rows() {
  return driver.findElements(byTestId('attendee-row'));
}

async function row(name) {
  for (const r of await rows()) {
    if ((await r.findElement(byTestId('attendee-name')).getText()).trim() === name) return r;
  }
  throw new Error(`no attendee row for ${name}`);
}

/** Clicks a checkbox in a person's row and waits until the saved board shows the new state. */
async function toggle(name, testId, expected) {
  await driver.wait(async () => {
    try {
      await (await (await row(name)).findElement(byTestId(testId))).click();
      return true;
    } catch {
      return false;
    }
  }, 10000);
  await driver.wait(async () => {
    try {
      return (await (await row(name)).findElement(byTestId(testId)).isSelected()) === expected;
    } catch {
      return false;
    }
  }, 10000);
}

/** The shown risk codes, read in one script so a re-render cannot leave stale elements. */
async function riskCodes() {
  return driver.executeScript(() =>
    Array.from(document.querySelectorAll('[data-testid="risk-list"] li'), (li) =>
      li.getAttribute('data-testid').replace(/^risk-/, ''),
    ),
  );
}

async function waitForRisks(expected) {
  let last = [];
  await driver
    .wait(async () => {
      last = await riskCodes().catch(() => last);
      return JSON.stringify(last) === JSON.stringify(expected);
    }, 10000)
    .catch(() => {
      throw new Error(`expected risks ${expected.join(', ')}, saw ${last.join(', ')}`);
    });
}

test('run a kickoff with five attendees', async () => {
  driver = await launch();
  await newProjectKickoff(driver, '株式会社みらい商事', TODAY);
  await find(driver, 'kickoff-mode');

  // An empty line is refused next to the entry and adds nobody.
  const entry = await find(driver, 'quick-add-input');
  await entry.sendKeys('、営業部', Key.ENTER);
  await waitForText(driver, byTestId('quick-add-error-name'), 'Name: Required.');
  await entry.clear();
  for (const [i, line] of LINES.entries()) {
    await entry.sendKeys(line, Key.ENTER);
    await driver.wait(async () => (await rows()).length === i + 1, 10000);
    await driver.wait(async () => (await entry.getAttribute('value')) === '', 10000);
  }
  const shown = await Promise.all((await rows()).map((r) => r.findElement(byTestId('attendee-name')).getText()));
  assert.deepEqual(shown.map((s) => s.trim()), NAMES);
  // The markup is a name, not an element.
  assert.equal((await driver.findElements(By.css('[data-testid="kickoff-mode"] img'))).length, 0);

  await toggle('山田 太郎', 'attended', false);
  await toggle('山田 太郎', 'role-decision_maker', true);
  await toggle('佐藤 花子', 'role-executor', true);
  await toggle('佐藤 花子', 'key-person', true);
  const stated = await (await row('佐藤 花子')).findElement(byTestId('stated-role'));
  await stated.sendKeys('導入プロジェクトの推進役', Key.TAB);
  await driver.wait(async () => {
    try {
      return (await (await row('佐藤 花子')).findElement(byTestId('stated-role')).getAttribute('value')) === '導入プロジェクトの推進役';
    } catch {
      return false;
    }
  }, 10000);
  await waitForRisks(['decision_maker_absent', 'few_key_persons', 'purpose_missing', 'goal_without_criterion']);

  // Details after the round: level, influence and heat place people on the map.
  for (const [name, level, influence, heat] of [
    ['山田 太郎', 'executive', 5, 2],
    ['佐藤 花子', 'department_head', 4, 5],
    ['鈴木 一郎', 'manager', 3, 4],
  ]) {
    await (await (await row(name)).findElement(byTestId('attendee-details'))).click();
    await find(driver, 'stakeholder-form');
    for (const [field, value] of [['level', level], ['influence', influence], ['heat', heat]]) {
      const select = await find(driver, `sh-input-${field}`);
      const options = await select.findElements(By.css('option'));
      for (const option of options) {
        if ((await option.getText()).trim() === String(value) || (await option.getAttribute('value')) === String(value)) {
          await option.click();
          break;
        }
      }
    }
    await (await find(driver, 'sh-submit')).click();
    await driver.wait(async () => (await driver.findElements(byTestId('stakeholder-editor'))).length === 0, 10000);
  }

  await typeInto(await find(driver, 'purpose-input'), '請求業務を月3日短縮し、経理部の残業をなくすため');
  await (await find(driver, 'save-purpose')).click();
  await waitForRisks(['decision_maker_absent', 'few_key_persons', 'purpose_not_agreed', 'goal_without_criterion']);
  // Agreement by the executor does not settle it: the decision-maker has not agreed.
  const agree = await driver.findElements(byTestId('agree'));
  await agree[1].click();
  await driver.wait(async () => (await driver.findElements(byTestId('agree')))[1].isSelected().catch(() => false), 10000);

  const goals = {
    one_month: ['請求書の電子発行を開始', '10社に電子請求書を発行'],
    three_months: ['全取引先へ展開', '取引先の80%が電子受領'],
    one_year: ['経理部の残業ゼロ', '月末残業が月10時間未満'],
  };
  for (const [horizon, [goal, criterion]] of Object.entries(goals)) {
    const section = await find(driver, `goal-${horizon}`);
    await typeInto(await section.findElement(byTestId('goal-input')), goal);
    await typeInto(await section.findElement(byTestId('criterion-input')), criterion);
    await (await section.findElement(byTestId('save-goal'))).click();
    await driver.wait(
      async () =>
        (await (await find(driver, `goal-${horizon}`))
          .findElement(byTestId('criterion-input'))
          .getAttribute('value')
          .catch(() => '')) === criterion,
      10000,
    );
  }
  await waitForRisks(['decision_maker_absent', 'few_key_persons', 'purpose_not_agreed']);
  await waitForText(driver, By.css('[data-testid="risk-decision_maker_absent"] .concerns'), 'Concerns: 山田 太郎');
  await driver.executeScript(() => window.scrollTo(0, 0));
  await screenshot(driver, 'k-01-kickoff-en');
  await driver.executeScript(() => document.querySelector('[data-testid="risk-list"]').scrollIntoView());
  await screenshot(driver, 'k-01b-kickoff-risks-en');
});

test('export the kickoff summary as Markdown and HTML', async () => {
  const md = path.join(sandbox.dir, 'summary.md');
  const html = path.join(sandbox.dir, 'summary.html');
  await answerSaveDialogs(driver, [md, html]);
  await (await find(driver, 'export-summary-md')).click();
  await waitForText(driver, byTestId('export-done'), `Saved to ${md}`);
  await (await find(driver, 'export-summary-html')).click();
  await waitForText(driver, byTestId('export-done'), `Saved to ${html}`);

  const mdText = readFileSync(md, 'utf8');
  assert.ok(mdText.startsWith('# Kickoff summary — 株式会社みらい商事'), mdText);
  for (const name of NAMES.slice(0, 4)) assert.ok(mdText.includes(name), `${name} in the Markdown`);
  for (const text of ['請求業務を月3日短縮し', '10社に電子請求書を発行', '導入プロジェクトの推進役', 'A decision-maker did not attend the kickoff (山田 太郎)']) {
    assert.ok(mdText.includes(text), `${text} in the Markdown`);
  }
  assert.ok(mdText.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(!mdText.includes('<img'));

  const htmlText = readFileSync(html, 'utf8');
  assert.ok(htmlText.includes('<html lang="en">'));
  for (const name of NAMES.slice(0, 4)) assert.ok(htmlText.includes(name), `${name} in the HTML`);
  assert.ok(htmlText.includes('&#60;img src=x onerror=alert(1)&#62;') || htmlText.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(!htmlText.includes('<img'));
});

test('the stakeholder map shows everyone and exports SVG and PNG', async () => {
  await (await find(driver, 'tab-map')).click();
  await find(driver, 'map-svg');
  assert.equal((await driver.findElements(byTestId('map-person'))).length, 5);
  assert.equal((await driver.findElements(By.css('[data-testid="map-view"] img'))).length, 0);
  await driver.executeScript(() => document.querySelector('[data-testid="map-svg"]').scrollIntoView());
  await screenshot(driver, 'k-02-map-en');

  const svg = path.join(sandbox.dir, 'map.svg');
  const png = path.join(sandbox.dir, 'map.png');
  await answerSaveDialogs(driver, [svg, png]);
  await (await find(driver, 'export-map-svg')).click();
  await waitForText(driver, byTestId('map-exported'), `Saved to ${svg}`);
  await (await find(driver, 'export-map-png')).click();
  await waitForText(driver, byTestId('map-exported'), `Saved to ${png}`);
  const svgText = readFileSync(svg, 'utf8');
  for (const name of NAMES.slice(0, 4)) assert.ok(svgText.includes(name), `${name} in the SVG`);
  assert.ok(svgText.includes('&lt;img src=x'));
  assert.ok(!svgText.includes('<img'));
  const pngBytes = readFileSync(png);
  assert.deepEqual([...pngBytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  // Clicking a person opens their details; a bad e-mail is refused and nothing is lost.
  const people = await driver.findElements(byTestId('map-person'));
  await (await people[0].findElement(By.css('circle'))).click();
  const nameInput = await find(driver, 'sh-input-name');
  assert.equal(await nameInput.getAttribute('value'), '山田 太郎');
  await typeInto(await find(driver, 'sh-input-email'), 'yamada at example');
  await (await find(driver, 'sh-submit')).click();
  await waitForText(driver, byTestId('sh-error-email'), 'Not an e-mail address (name@example.com).');
  await typeInto(await find(driver, 'sh-input-email'), 'yamada@example.co.jp');
  await (await find(driver, 'sh-submit')).click();
  await driver.wait(async () => (await driver.findElements(byTestId('stakeholder-editor'))).length === 0, 10000);
});

test('the stakeholder list flags nothing and shows the markup name as text', async () => {
  await (await find(driver, 'tab-list')).click();
  const names = await driver.findElements(byTestId('stakeholder-name'));
  assert.equal(names.length, 5);
  assert.equal((await names[4].getText()).trim(), EVIL);
  assert.equal((await driver.findElements(By.css('[data-testid="stakeholder-table"] img'))).length, 0);
});

test('kickoff mode and the map in Japanese, risks in the project list', async () => {
  await (await find(driver, 'nav-settings')).click();
  await (await find(driver, 'language-ja')).click();
  await waitForText(driver, byTestId('nav-projects'), 'プロジェクト');
  await (await find(driver, 'nav-projects')).click();
  await find(driver, 'project-list');
  await waitForText(driver, byTestId('project-risks'), 'リスク 3 件');
  await (await (await find(driver, 'project-row')).findElement(By.css('button'))).click();
  await (await find(driver, 'open-kickoff')).click();
  await find(driver, 'kickoff-mode');
  await waitForText(driver, byTestId('tab-kickoff'), 'キックオフモード');
  await waitForText(driver, By.css('[data-testid="risk-decision_maker_absent"] strong'), '決裁権者がキックオフに参加していません');
  await driver.executeScript(() => window.scrollTo(0, 0));
  await screenshot(driver, 'k-03-kickoff-ja');
  await driver.executeScript(() => document.querySelector('[data-testid="risk-list"]').scrollIntoView());
  await screenshot(driver, 'k-03b-kickoff-risks-ja');
  await (await find(driver, 'tab-map')).click();
  await find(driver, 'map-svg');
  await driver.executeScript(() => document.querySelector('[data-testid="map-svg"]').scrollIntoView());
  await screenshot(driver, 'k-04-map-ja');
});
