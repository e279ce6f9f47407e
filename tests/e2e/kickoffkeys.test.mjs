// The kickoff on the keyboard, on the real app at 1200×800: eight attendees recorded with their
// department, level, influence, decision-maker, executors and key persons by keys sent only to the
// focused element, every key press counted (a typed character, Tab, an arrow, Enter and Space
// count one each; a chord counts each of its keys). The stored people are read back through the
// CLI. Then the row buttons' names, the Details focus trap and the edit mode in both languages
// and both themes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { By, Key } from 'selenium-webdriver';
import { byTestId, cli, find, launch, makeSandbox, newProjectKickoff, screenshot, startDriver, stopDriver, waitForText } from './harness.mjs';

const sandbox = makeSandbox('kickoffkeys');
let tauriDriver;
let driver;
let presses = 0;

before(async () => {
  tauriDriver = await startDriver(sandbox);
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

const LEVELS = ['executive', 'department_head', 'manager', 'staff'];
// name, department, level, influence, decision-maker, executor, key person
const PEOPLE = [
  ['山田 太郎', '経営企画部', 'executive', 5, true, false, false],
  ['佐藤 花子', '情報システム部', 'department_head', 4, false, true, true],
  ['鈴木 一郎', '営業部', 'manager', 3, false, true, true],
  ['高橋 美咲', '経理部', 'staff', 2, false, true, false],
  ['田中 健', '経理部', 'department_head', 4, false, false, true],
  ['伊藤 直子', '総務部', 'staff', 1, false, false, false],
  ['渡辺 誠', '情報システム部', 'manager', 3, false, false, false],
  ['中村 優', '営業部', 'executive', 5, false, false, false],
];
// The attendee grid's columns.
const COL = { name: 0, department: 1, level: 2, influence: 3, attended: 4, dm: 5, executor: 6, key: 7, stated: 8, details: 9 };
const TODAY = new Date().toISOString().slice(0, 10);

/** Sends keys to whatever has the focus, as a user's keyboard does, and counts them. */
async function press(...parts) {
  for (const part of parts) {
    await (await driver.switchTo().activeElement()).sendKeys(part);
    presses += Array.from(part).filter((c) => c !== Key.NULL).length;
  }
}

/** Where the focus is: the element's test id and name, and its cell in the attendee grid. */
async function focused() {
  return driver.executeScript(() => {
    const el = document.activeElement;
    return {
      testid: el?.getAttribute('data-testid') ?? '',
      label: el?.getAttribute('aria-label') ?? '',
      row: el?.hasAttribute('data-row') ? Number(el.getAttribute('data-row')) : null,
      col: el?.hasAttribute('data-col') ? Number(el.getAttribute('data-col')) : null,
      inGrid: Boolean(el?.closest('[role="grid"]')),
      inEditor: Boolean(el?.closest('[data-testid="stakeholder-editor"]')),
    };
  });
}

/** Presses `key` until the focused element satisfies `done` (at most 40 presses). */
async function pressUntil(key, done) {
  for (let i = 0; i < 40; i++) {
    if (done(await focused())) return;
    await press(key);
  }
  throw new Error(`focus never reached the target: ${JSON.stringify(await focused())}`);
}

/** Moves through the grid with the arrow keys to a cell. */
async function goTo(row, col) {
  const at = await focused();
  assert.ok(at.inGrid, `focus in the grid, not on ${JSON.stringify(at)}`);
  await pressUntil(at.row < row ? Key.ARROW_DOWN : Key.ARROW_UP, (f) => f.row === row);
  await pressUntil(at.col < col ? Key.ARROW_RIGHT : Key.ARROW_LEFT, (f) => f.col === col);
}

/** The cells to set, visited nearest first from the grid's first cell. */
function tasks() {
  const todo = [];
  PEOPLE.forEach(([, , level, influence, dm, executor, key], row) => {
    todo.push({ row, col: COL.level, keys: String(LEVELS.indexOf(level) + 1) });
    todo.push({ row, col: COL.influence, keys: String(influence) });
    if (dm) todo.push({ row, col: COL.dm, keys: Key.SPACE });
    if (executor) todo.push({ row, col: COL.executor, keys: Key.SPACE });
    if (key) todo.push({ row, col: COL.key, keys: Key.SPACE });
  });
  const ordered = [];
  let at = { row: 0, col: 0 };
  while (todo.length > 0) {
    const distance = (t) => Math.abs(t.row - at.row) + Math.abs(t.col - at.col);
    const next = todo.reduce((best, t) => (distance(t) < distance(best) ? t : best));
    todo.splice(todo.indexOf(next), 1);
    ordered.push(next);
    at = next;
  }
  return ordered;
}

/** The project's stakeholders as stored, through the CLI's JSON export. */
function stored() {
  const out = path.join(sandbox.dir, 'export.json');
  const result = cli(sandbox, ['export', '--out', out]);
  if (!result.ok) throw new Error(`the CLI export failed: ${result.stderr}`);
  const { columns, rows } = JSON.parse(readFileSync(out, 'utf8')).tables.stakeholders;
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
}

function expected() {
  return PEOPLE.map(([name, department, level, influence, dm, executor, key]) => ({
    name,
    department,
    level,
    influence,
    roles: [dm && 'decision_maker', executor && 'executor'].filter(Boolean),
    key_person: key,
  }));
}

function summary(rows) {
  return rows
    .sort((a, b) => a.position - b.position)
    .map((s) => ({
      name: s.name,
      department: s.department,
      level: s.level,
      influence: s.influence,
      roles: JSON.parse(s.roles).sort(),
      key_person: Boolean(s.key_person),
    }));
}

test('eight attendees recorded with the keyboard only, in fewer than 200 key presses', async () => {
  driver = await launch();
  await driver.manage().window().setRect({ width: 1200, height: 800 });
  // Setting up the project is not part of the recording.
  await newProjectKickoff(driver, '株式会社みらい商事', TODAY);
  await find(driver, 'kickoff-mode');
  await driver.wait(async () => (await focused()).testid === 'quick-add-input', 10000, 'the one-line entry has the focus');

  presses = 0;
  for (const [i, [name, department]] of PEOPLE.entries()) {
    await press(`${name}、${department}`, Key.ENTER);
    await driver.wait(async () => (await driver.findElements(byTestId('attendee-row'))).length === i + 1, 10000);
  }
  // One Tab stop for the whole grid: the entry's button, then the grid.
  await pressUntil(Key.TAB, (f) => f.inGrid);
  for (const t of tasks()) {
    await goTo(t.row, t.col);
    await press(t.keys);
  }
  const want = expected();
  let last = [];
  await driver
    .wait(async () => {
      last = summary(stored());
      return JSON.stringify(last) === JSON.stringify(want);
    }, 15000)
    .catch(() => assert.deepEqual(last, want));
  console.log(`kickoff keystrokes: ${presses}`);
  assert.ok(presses < 200, `${presses} key presses`);
});

test('every control of the grid shows the focus', async () => {
  await goTo(0, 0);
  for (let col = 0; col < 11; col++) {
    if (col > 0) await press(Key.ARROW_RIGHT);
    const ring = await driver.executeScript(() => {
      const style = getComputedStyle(document.activeElement);
      return { col: document.activeElement.getAttribute('data-col'), style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    assert.equal(ring.col, String(col));
    assert.ok(ring.style !== 'none' && ring.width >= 2, `cell ${col}: outline ${ring.style} ${ring.width}px`);
  }
});

test('row buttons say whose row they are; Details keeps the focus and gives it back', async () => {
  await goTo(1, COL.details);
  assert.equal((await focused()).label, 'Details: 佐藤 花子');
  const remove = await driver.findElements(byTestId('attendee-remove'));
  assert.equal(await remove[1].getAttribute('aria-label'), 'Remove 佐藤 花子');
  await press(Key.ENTER);
  await driver.wait(async () => (await focused()).testid === 'sh-input-name', 10000, 'Details moves the focus into its form');
  // Shift+Tab from the first field goes round to the editor's last control, Tab back to the first.
  await press(Key.chord(Key.SHIFT, Key.TAB));
  assert.equal((await focused()).inEditor, true);
  await press(Key.TAB);
  assert.equal((await focused()).testid, 'sh-input-name');
  for (let i = 0; i < 30; i++) {
    await press(Key.TAB);
    assert.equal((await focused()).inEditor, true, 'Tab stays inside the open form');
  }
  await press(Key.ESCAPE);
  await driver.wait(async () => (await driver.findElements(byTestId('stakeholder-editor'))).length === 0, 10000);
  const back = await focused();
  assert.deepEqual([back.label, back.row, back.col], ['Details: 佐藤 花子', 1, COL.details]);
});

test("the purpose's fields come before its Save button in the tab order", async () => {
  await (await find(driver, 'purpose-input')).click();
  const passed = [];
  await pressUntil(Key.TAB, (f) => {
    passed.push(f.testid);
    return f.testid === 'save-purpose';
  });
  assert.equal(passed[0], 'purpose-input');
  assert.ok(passed.includes('agreed-on'), passed.join(' '));
  assert.equal(passed.filter((id) => id === 'agree').length, PEOPLE.length, passed.join(' '));
  await (await find(driver, 'quick-add-input')).click();
  await pressUntil(Key.TAB, (f) => f.inGrid);
});

/** Opens the department cell of the first row in edit mode, with a change typed but not saved. */
async function editModeShot(name) {
  await goTo(0, COL.department);
  await press(Key.F2, '・本部');
  await screenshot(driver, name);
  await press(Key.ESCAPE);
  const cell = await driver.switchTo().activeElement();
  assert.equal(await cell.getAttribute('value'), '経営企画部', 'Escape puts the stored value back');
}

async function settings(language, theme) {
  await (await find(driver, 'nav-settings')).click();
  await (await find(driver, `language-${language}`)).click();
  await (await find(driver, `theme-${theme}`)).click();
  await (await find(driver, 'nav-projects')).click();
  await (await (await find(driver, 'project-row')).findElement(By.css('button'))).click();
  await (await find(driver, 'open-kickoff')).click();
  await find(driver, 'kickoff-mode');
  // Into the grid by its one Tab stop: from the entry, past its button.
  await driver.wait(async () => (await focused()).testid === 'quick-add-input', 10000);
  await pressUntil(Key.TAB, (f) => f.inGrid);
}

test('the grid in edit mode, in English and Japanese, light and dark', async () => {
  await editModeShot('kk-01-grid-edit-en-light');
  await settings('en', 'dark');
  await editModeShot('kk-02-grid-edit-en-dark');
  await settings('ja', 'dark');
  await waitForText(driver, byTestId('tab-kickoff'), 'キックオフモード');
  const details = await driver.findElements(byTestId('attendee-details'));
  assert.equal(await details[1].getAttribute('aria-label'), '詳細: 佐藤 花子');
  await editModeShot('kk-03-grid-edit-ja-dark');
  await settings('ja', 'light');
  await editModeShot('kk-04-grid-edit-ja-light');
});

test('with Details open and the page scrolled, the top bar still leaves the screen', async () => {
  await goTo(1, COL.details);
  await press(Key.ENTER);
  await driver.wait(async () => (await focused()).testid === 'sh-input-name', 10000);
  // Focus last in the editor's Cancel button, the page scrolled to its bottom: the top bar is out
  // of view, as when a user scrolled down to the grid and scrolls back up to the bar.
  await press(Key.chord(Key.SHIFT, Key.TAB));
  await driver.executeScript(() => window.scrollTo(0, document.body.scrollHeight));
  await (await find(driver, 'nav-projects')).click();
  await find(driver, 'project-row', 15000);
  assert.equal((await driver.findElements(byTestId('stakeholder-editor'))).length, 0);
});
