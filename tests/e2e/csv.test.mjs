// CSV import on the real app: a project with nobody added by hand imports its stakeholders from
// a Shift_JIS file as Japanese Excel writes it. The preview shows the Japanese names, the
// encoding and the mapping suggested from the headers, and the row with a bad e-mail; the
// default all-or-nothing mode refuses the file, skip-invalid imports the two valid people.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { By } from 'selenium-webdriver';
import {
  answerOpenDialogs,
  byTestId,
  find,
  launch,
  makeSandbox,
  newProjectKickoff,
  screenshot,
  startDriver,
  stopDriver,
  waitForText,
} from './harness.mjs';

const sandbox = makeSandbox('csv');
let tauriDriver;
let driver;

before(async () => {
  tauriDriver = await startDriver(sandbox);
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

// Shift_JIS (CRLF line ends) of:
//   氏名,フリガナ,部署,役職,メールアドレス
//   山田 太郎,ヤマダ タロウ,経営企画部,取締役,yamada@example.co.jp
//   佐藤 花子,サトウ ハナコ,情報システム部,部長,sato@example        <- not an e-mail address
//   鈴木 一郎,スズキ イチロウ,営業部,課長,suzuki@example.co.jp
// produced once with Python's str.encode('shift_jis').
const SJIS_HEX =
  '8e8196bc2c8374838a834b83692c95948f902c96f090452c8381815b838b83418368838c83580d0a8e5293632091be98' +
  '592c8384837d835f20835e838d83452c8c6f89638ae989e695942c8ee692f796f02c79616d616461406578616d706c65' +
  '2e636f2e6a700d0a8db293a12089d48e712c83548367834520836e836983522c8fee95f1835683588365838095942c95' +
  '9492b72c7361746f406578616d706c650d0a97e996d82088ea98592c83588359834c2083438360838d83452c89638bc6' +
  '95942c89db92b72c73757a756b69406578616d706c652e636f2e6a700d0a';
const TODAY = new Date().toISOString().slice(0, 10);

/** The texts of all elements with a test id, read in one script. */
async function texts(testId) {
  return driver.executeScript(
    (id) => Array.from(document.querySelectorAll(`[data-testid="${id}"]`), (el) => el.textContent.trim()),
    testId,
  );
}

async function waitForTexts(testId, expected) {
  let last = [];
  await driver
    .wait(async () => {
      last = await texts(testId).catch(() => last);
      return JSON.stringify(last) === JSON.stringify(expected);
    }, 10000)
    .catch(() => {
      throw new Error(`expected ${testId} ${JSON.stringify(expected)}, saw ${JSON.stringify(last)}`);
    });
}

test('import stakeholders from a Shift_JIS CSV file', async () => {
  const file = path.join(sandbox.dir, 'crm-export.csv');
  const bytes = Buffer.from(SJIS_HEX, 'hex');
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'the file is not UTF-8');
  writeFileSync(file, bytes);

  driver = await launch();
  await newProjectKickoff(driver, '株式会社みらい商事', TODAY);
  await (await find(driver, 'tab-list')).click();
  await find(driver, 'stakeholder-list-empty').catch(() => {});
  assert.equal((await driver.findElements(byTestId('stakeholder-row'))).length, 0);

  await (await find(driver, 'import-csv')).click();
  await answerOpenDialogs(driver, [file]);
  await (await find(driver, 'csv-choose')).click();
  await find(driver, 'csv-preview');

  await waitForText(driver, byTestId('csv-encoding'), 'Encoding: Shift_JIS (Japanese Excel)');
  await waitForText(driver, byTestId('csv-counts'), 'Rows: 3 (valid: 2, with errors: 1)');
  assert.deepEqual(await texts('csv-header'), ['氏名', 'フリガナ', '部署', '役職', 'メールアドレス']);
  const cells = await texts('csv-cell');
  assert.deepEqual(cells.slice(0, 5), ['山田 太郎', 'ヤマダ タロウ', '経営企画部', '取締役', 'yamada@example.co.jp']);
  assert.ok(cells.includes('佐藤 花子') && cells.includes('鈴木 一郎'));
  const mapping = await driver.executeScript(() =>
    Array.from(document.querySelectorAll('[data-testid="csv-map"]'), (s) => s.value),
  );
  assert.deepEqual(mapping, ['name', 'reading', 'department', 'title', 'email']);
  await waitForTexts('csv-error', ['Row 3 — E-mail: Not an e-mail address (name@example.com).']);
  await screenshot(driver, 'c-01-preview-en');
  await driver.executeScript(() => document.querySelector('[data-testid="csv-errors"]').scrollIntoView({ block: 'center' }));
  await screenshot(driver, 'c-01b-row-errors-en');

  // The default mode writes nothing while a row is invalid.
  assert.equal(await (await find(driver, 'csv-mode-all_or_nothing')).isSelected(), true);
  await (await find(driver, 'csv-import-button')).click();
  await waitForText(
    driver,
    byTestId('csv-result'),
    'Nothing was imported: 1 of the 3 rows read have errors. Fix the file, or choose to skip the invalid rows.',
  );
  assert.equal((await driver.findElements(byTestId('stakeholder-row'))).length, 0);
  await screenshot(driver, 'c-02-refused-en');

  await (await find(driver, 'csv-mode-skip_invalid_rows')).click();
  await (await find(driver, 'csv-import-button')).click();
  await waitForText(driver, byTestId('csv-result'), 'Rows read: 3. Stakeholders imported: 2. Rows skipped: 1.');
  await waitForTexts('stakeholder-name', ['山田 太郎', '鈴木 一郎']);
  assert.equal((await driver.findElements(By.css('[data-testid="csv-import"] img'))).length, 0);
  await driver.executeScript(() => window.scrollTo(0, 0));
  await screenshot(driver, 'c-03-imported-en');
});

test('the preview and the row errors in Japanese', async () => {
  await (await find(driver, 'nav-settings')).click();
  await (await find(driver, 'language-ja')).click();
  await (await find(driver, 'nav-projects')).click();
  await (await driver.wait(async () => (await driver.findElements(By.css('[data-testid="project-row"] button')))[0], 10000)).click();
  await (await find(driver, 'open-kickoff')).click();
  await (await find(driver, 'tab-list')).click();
  await waitForTexts('stakeholder-name', ['山田 太郎', '鈴木 一郎']);

  await (await find(driver, 'import-csv')).click();
  await answerOpenDialogs(driver, [path.join(sandbox.dir, 'crm-export.csv')]);
  await (await find(driver, 'csv-choose')).click();
  await find(driver, 'csv-preview');
  await waitForText(driver, byTestId('csv-encoding'), '文字コード: Shift_JIS (日本語版 Excel)');
  await waitForTexts('csv-error', ['3 行目 — メール: メールアドレスの形式ではありません (name@example.com)。']);
  await screenshot(driver, 'c-04-preview-ja');
  await driver.executeScript(() => document.querySelector('[data-testid="csv-errors"]').scrollIntoView({ block: 'center' }));
  await screenshot(driver, 'c-04b-row-errors-ja');
});
