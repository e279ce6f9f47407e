// The Debian package on this machine: installs the .deb that `tauri bundle` made (dpkg), checks
// the installed binary's --version, starts it under Xvfb on a temporary file through WebDriver and
// sees the project list, then removes the package. Run with FIRSTGOAL_APP=/usr/bin/firstgoal (see
// the Makefile's test-package), so the harness drives the installed binary.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { appBinary, find, launch, makeSandbox, root, screenshot, startDriver, stopDriver } from '../e2e/harness.mjs';

const debDir = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'debug/bundle/deb');
const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
const version = JSON.parse(readFileSync(path.join(root, 'src-tauri/tauri.conf.json'), 'utf8')).version;
let pkg;
let tauriDriver;
let driver;

function run(cmd, args) {
  const [bin, ...rest] = [...sudo, cmd, ...args];
  return execFileSync(bin, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function installed(name) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes(
      'install ok installed',
    );
  } catch {
    return false;
  }
}

before(() => {
  assert.equal(appBinary, '/usr/bin/firstgoal', 'run with FIRSTGOAL_APP=/usr/bin/firstgoal');
  const debs = existsSync(debDir) ? readdirSync(debDir).filter((f) => f.endsWith('.deb')) : [];
  assert.equal(debs.length, 1, `one package in ${debDir} (make test-package bundles it)`);
  const deb = path.join(debDir, debs[0]);
  pkg = execFileSync('dpkg-deb', ['-f', deb, 'Package'], { encoding: 'utf8' }).trim();
  assert.ok(!installed(pkg), `${pkg} is already installed here; the test would replace and then remove it`);
  run('dpkg', ['-i', deb]);
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
  if (pkg && installed(pkg)) run('dpkg', ['-r', pkg]);
  assert.ok(!existsSync(appBinary), 'the package removed its binary');
});

test('the installed binary prints its version', () => {
  const out = execFileSync(appBinary, ['--version'], { encoding: 'utf8' });
  assert.equal(out.trim(), `firstgoal ${version}`);
});

test('the installed app starts on a new file and shows the project list', async () => {
  const sandbox = makeSandbox('package');
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
  await find(driver, 'project-list', 30000);
  await find(driver, 'project-list-empty');
  await screenshot(driver, 'k-01-installed-package-first-screen');
  assert.ok(existsSync(sandbox.db), 'the new file was created where FIRSTGOAL_DB says');
});
