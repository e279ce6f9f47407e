// The interface follows the OS locale until a language is chosen in settings.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { By } from 'selenium-webdriver';
import { byTestId, find, launch, makeSandbox, screenshot, startDriver, stopDriver, waitForText } from './harness.mjs';

const sandbox = makeSandbox('locale');
let tauriDriver;
let driver;

before(async () => {
  tauriDriver = await startDriver(sandbox, { LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8' });
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

test('a Japanese OS locale opens the interface in Japanese', async () => {
  driver = await launch();
  await waitForText(driver, byTestId('nav-projects'), 'プロジェクト');
  await (await find(driver, 'nav-settings')).click();
  const system = await find(driver, 'language-system');
  assert.equal(await system.isSelected(), true);
  const label = await system.findElement(By.xpath('..')).getText();
  assert.match(label, /システムに合わせる（日本語）/);
  await screenshot(driver, '09-os-locale-ja');
});
