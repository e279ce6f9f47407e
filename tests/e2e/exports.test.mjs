// The calendar and the PDFs exported through the real save dialog: a project's calendar and its
// report and kickoff summary as PDF from its pages, the calendar of every open project from the
// portfolio. Each file is read back by tools that are not ours (ical.js; poppler's pdfinfo,
// pdftotext and pdftoppm) and compared with what the CLI writes from the same file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ICAL from 'ical.js';
import {
  answerSaveDialogs,
  byTestId,
  cli,
  find,
  launch,
  makeSandbox,
  retryStale,
  screenshot,
  screenshotDir,
  startDriver,
  stopDriver,
  waitForText,
} from './harness.mjs';

const sandbox = makeSandbox('exports');
const CUSTOMER = 'さくら物流, Inc.; R&D \\ Sakura';
let tauriDriver;
let driver;

before(async () => {
  assert.ok(cli(sandbox, ['demo', '--projects', '3', '--seed', '11']).ok, 'demo file');
  execFileSync('sqlite3', [sandbox.db, `UPDATE projects SET customer_name = '${CUSTOMER}' WHERE id = 1;`]);
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

/** Every event of an .ics file as ical.js reads it. */
function events(file) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, date: e.startDate.toString(), summary: e.summary, description: e.description };
  });
}

/** The same calendar written by the CLI (English, as the app's UI here). */
function cliEvents(args, name) {
  const out = path.join(sandbox.dir, name);
  const run = cli(sandbox, ['calendar', '--lang', 'en', '--out', out, ...args]);
  assert.ok(run.ok, run.stderr);
  return events(out);
}

async function saveThrough(testId, file) {
  answerSaveDialogs(driver, [file]);
  await retryStale(async () => (await find(driver, testId)).click());
  await driver.wait(() => existsSync(file), 20000, `${file} written`);
}

function pdf(file) {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), a4: info.includes('595.28 x 841.89'), text };
}

test("a project's calendar and its report as PDF, through the save dialog", async () => {
  await find(driver, 'project-list');
  const row = await driver.findElement({ css: '[data-testid="project-row"][data-id="1"] button' });
  await row.click();
  await waitForText(driver, byTestId('project-title'), CUSTOMER);

  const ics = path.join(sandbox.dir, 'project.ics');
  await saveThrough('calendar-project', ics);
  const got = events(ics);
  assert.ok(got.length >= 4, 'kickoff and three first goals at least');
  assert.deepEqual(got, cliEvents(['--project', '1'], 'cli-project.ics'));
  assert.equal(got[0].summary, `Kickoff: ${CUSTOMER}`);
  assert.ok(got.every((e) => e.description.startsWith(`Project: ${CUSTOMER}`)));
  await waitForText(driver, byTestId('notice'), `${got.length} events saved to ${ics}`);

  const report = path.join(sandbox.dir, 'report.pdf');
  await saveThrough('report-pdf', report);
  const r = pdf(report);
  assert.equal(r.pages, 1);
  assert.ok(r.a4, 'A4');
  assert.ok(r.text.includes('さくら物流') && r.text.includes('Sakura'), r.text);
  assert.ok(r.text.includes('Onboarding report'));
  mkdirSync(screenshotDir, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', report, path.join(screenshotDir, 'x-02-report-pdf-page')]);
  await screenshot(driver, 'x-01-project-exports');
});

test('the kickoff summary as PDF, through the save dialog', async () => {
  await retryStale(async () => (await find(driver, 'open-kickoff')).click());
  await find(driver, 'summary-section');
  const summary = path.join(sandbox.dir, 'summary.pdf');
  await saveThrough('export-summary-pdf', summary);
  const s = pdf(summary);
  assert.ok(s.pages >= 1 && s.a4);
  assert.ok(s.text.includes('Kickoff summary') && s.text.includes('さくら物流'), s.text);
  await waitForText(driver, byTestId('export-done'), `Saved to ${summary}`);
});

test('the calendar of every open project from the portfolio', async () => {
  await retryStale(async () => (await find(driver, 'nav-portfolio')).click());
  await find(driver, 'figures');
  const all = path.join(sandbox.dir, 'all.ics');
  await saveThrough('calendar-open', all);
  const got = events(all);
  assert.deepEqual(got, cliEvents([], 'cli-all.ics'));
  const projects = new Set(got.filter((e) => e.uid.includes('-kickoff@')).map((e) => e.uid));
  const listed = JSON.parse(cli(sandbox, ['list', '--json']).stdout);
  assert.equal(projects.size, listed.filter((p) => !p.archived_at).length, 'every open project');
  await screenshot(driver, 'x-03-portfolio-calendar');
});
