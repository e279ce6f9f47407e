// The journey editor at real sizes, in the real 1200×800 window: journeys of 40 and 500 steps
// open readable on the current step with a minimap, lane names stay in view while panning, the
// zoom controls cover no lane name, labels overlap nothing, a new step lands after the last step
// of its lane, removing a lane asks first and can be undone, a comparison is readable and lists
// old → new values; in English and Japanese, light and dark.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { By, Key } from 'selenium-webdriver';
import { byTestId, find, launch, makeSandbox, retryStale, screenshot, startDriver, stopDriver, typeChecked, typeInto } from './harness.mjs';
import { LANES, exportSvg, journeyFile, overlaps, prepareFile, readCanvas, readSvg } from './journey-scale.mjs';

const sandbox = makeSandbox('journeyscale');
const big = journeyFile('Rollout 500 steps', 500, 300);
const mid = journeyFile('Onboarding 40 steps', 40, 25);
let ids;
let tauriDriver;
let driver;

before(async () => {
  ids = prepareFile(sandbox, [big, mid]);
  tauriDriver = await startDriver(sandbox);
  driver = await launch();
});

afterEach(async (t) => {
  if (driver && t.passed === false) await screenshot(driver, `journey15-failed-${t.name.replace(/\W+/g, '-')}`).catch(() => {});
});

after(async () => {
  await driver?.quit().catch(() => {});
  await stopDriver(tauriDriver);
});

async function openJourney(name) {
  await (await find(driver, 'nav-projects')).click();
  await retryStale(async () => (await (await find(driver, 'project-row')).findElement(By.css('button'))).click());
  await find(driver, 'journey-list');
  // The list loads after the page (and may render again): wait for the journey's link.
  const linkTo = async () => {
    for (const candidate of await driver.findElements(byTestId('open-journey'))) {
      if ((await candidate.getText()).trim() === name) return candidate;
    }
    return false;
  };
  await driver.wait(() => linkTo().catch(() => false), 10000).catch(() => {
    throw new Error(`no journey ${name}`);
  });
  await retryStale(async () => (await linkTo())?.click());
  await find(driver, 'journey-page');
  await driver.wait(async () => (await driver.findElements(By.css('.svelte-flow__node-step'))).length > 0, 15000);
  // Let the opening viewport settle.
  await driver.sleep(500);
}

async function setLook(language, theme) {
  await (await find(driver, 'nav-settings')).click();
  await (await find(driver, `language-${language}`)).click();
  await (await find(driver, `theme-${theme}`)).click();
}

async function waitSaved() {
  await driver.wait(async () => {
    const state = (await (await find(driver, 'save-state')).getText()).trim();
    return state === 'All changes saved' || state === 'すべて保存済み';
  }, 15000);
}

/** The opening view: readable, on the current step, the canvas down to the window's bottom. */
async function assertOpensReadable(journey) {
  const seen = await readCanvas(driver);
  assert.equal(seen.window.width, 1200, 'the app window is 1200 wide');
  assert.equal(seen.window.height, 800, 'the app window is 800 high');
  assert.ok(seen.zoom >= 0.75, `readable zoom, got ${seen.zoom}`);
  assert.ok(seen.canvas.bottom >= seen.page.height - 20 && seen.canvas.height >= 480, `canvas uses the window's height: ${JSON.stringify(seen.canvas)}`);
  const current = journey.steps.find((s) => s.status === 'current').id;
  const box = seen.steps.find((s) => s.id === current);
  assert.ok(box, `the current step ${current} is drawn`);
  assert.ok(box.left >= seen.canvas.left && box.right <= seen.canvas.right && box.top >= seen.canvas.top && box.bottom <= seen.canvas.bottom, 'and in view');
  assert.ok(seen.minimap && seen.minimap.width > 100, 'a minimap');
  assertNothingCovered(seen);
  return seen;
}

/** Lane names in view at the left edge, no control over them, no label over a label or step. */
function assertNothingCovered(seen) {
  assert.deepEqual(
    seen.laneLabels.filter((l) => l.bottom > seen.canvas.top && l.top < seen.canvas.bottom).length > 0,
    true,
    'lane names in view',
  );
  for (const lane of seen.laneLabels) {
    assert.ok(Math.abs(lane.left - seen.canvas.left) <= 2, `lane name ${lane.text} at the canvas's left edge`);
    assert.ok(!overlaps(lane, seen.controls), `the zoom controls cover ${lane.text}`);
    if (seen.minimap) assert.ok(!overlaps(lane, seen.minimap), `the minimap covers ${lane.text}`);
  }
  seen.labels.forEach((label, i) => {
    for (const other of seen.labels.slice(i + 1)) assert.ok(!overlaps(label, other), `labels ${label.text} and ${other.text} overlap`);
    for (const step of seen.steps) assert.ok(!overlaps(label, step), `label ${label.text} covers step ${step.id}`);
  });
}

test('a 500-step journey opens readable on the current step, in English and light', async () => {
  await setLook('en', 'light');
  await openJourney(big.name);
  const seen = await assertOpensReadable(big);
  assert.deepEqual(
    seen.laneLabels.map((l) => l.text),
    LANES.map((l) => l.name),
  );
  assert.ok(seen.labels.length > 0, 'labels in view');
  await screenshot(driver, 'journey15-500-en-light');

  // Pan sideways by dragging the background: the lane names stay at the left edge.
  const canvas = await find(driver, 'journey-canvas');
  const before = await readCanvas(driver);
  const spot = await driver.executeScript(() => {
    const box = document.querySelector('[data-testid="journey-canvas"]').getBoundingClientRect();
    for (let y = box.top + 60; y < box.bottom - 140; y += 20) {
      for (let x = box.right - 220; x > box.left + 300; x -= 20) {
        const el = document.elementFromPoint(x, y);
        if (el?.closest('.svelte-flow__node-lane') || el?.classList.contains('svelte-flow__pane')) return { x: Math.round(x), y: Math.round(y) };
      }
    }
    return null;
  });
  assert.ok(spot, 'an empty place to drag');
  await driver.actions().move(spot).press().move({ x: spot.x - 150, y: spot.y }).move({ x: spot.x - 500, y: spot.y }).release().perform();
  await driver.sleep(300);
  const panned = await readCanvas(driver);
  assert.notDeepEqual(
    panned.steps.map((s) => s.left),
    before.steps.map((s) => s.left),
    'the diagram moved',
  );
  assertNothingCovered(panned);
  assert.deepEqual(
    panned.laneLabels.map((l) => l.text),
    LANES.map((l) => l.name),
  );
  await screenshot(driver, 'journey15-500-panned-en-light');

  // The canvas controls speak the UI language.
  const zoomIn = await canvas.findElement(By.css('.svelte-flow__controls-zoomin'));
  assert.equal(await zoomIn.getAttribute('aria-label'), 'Zoom in');
});

test('step nodes hold no nested control and show keyboard focus', async () => {
  const nested = await driver.executeScript(
    () => document.querySelectorAll('.svelte-flow__node-step [role="button"]:not(.svelte-flow__handle), .svelte-flow__node-step [tabindex]:not(.svelte-flow__handle)').length,
  );
  assert.equal(nested, 0);
  // Keyboard into the diagram: the focused step has a visible outline.
  const seen = await readCanvas(driver);
  const inView = seen.steps.find((s) => s.left > seen.canvas.left + 160 && s.right < seen.canvas.right - 10 && s.top > seen.canvas.top + 40 && s.bottom < seen.canvas.bottom - 10);
  assert.ok(inView, 'a step in view');
  const current = inView.id;
  await driver.executeScript((id) => document.querySelector(`.svelte-flow__node-step[data-id="${id}"]`)?.focus(), current);
  await driver.switchTo().activeElement().sendKeys(Key.TAB, Key.chord(Key.SHIFT, Key.TAB));
  const outline = await driver.executeScript(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { step: el.dataset.id, width: parseFloat(style.outlineWidth), style: style.outlineStyle };
  });
  assert.equal(outline.step, current, 'the step has the focus again');
  assert.ok(outline.width >= 2 && outline.style !== 'none', `visible focus: ${JSON.stringify(outline)}`);
  await screenshot(driver, 'journey15-focus-en-light');
});

test('a new step lands after the last step of its lane', async () => {
  const lane = await find(driver, 'new-step-lane');
  await lane.findElement(By.css('option[value="cs"]')).click();
  await (await find(driver, 'add-step')).click();
  await waitSaved();
  const seen = await readCanvas(driver);
  const panel = await find(driver, 'step-title-input');
  assert.equal(await panel.getAttribute('value'), 'New step');
  const added = await driver.executeScript(() =>
    [...document.querySelectorAll('.svelte-flow__node-step')].find((el) => el.textContent.trim() === 'New step')?.getBoundingClientRect().toJSON(),
  );
  assert.ok(added && added.left >= seen.canvas.left && added.right <= seen.canvas.right, 'the new step is brought into view');
  await screenshot(driver, 'journey15-new-step-en-light');

  const out = path.join(sandbox.dir, 'after-add.svg');
  exportSvg(sandbox, ids[0], out);
  const { steps, lanes } = readSvg(readFileSync(out, 'utf8'));
  const cs = lanes[LANES.findIndex((l) => l.id === 'cs')];
  const inCs = steps.filter((s) => s.y >= cs.y && s.y < cs.y + cs.height);
  const fresh = inCs.filter((s) => s.title === 'New step');
  assert.equal(fresh.length, 1);
  const others = inCs.filter((s) => s.title !== 'New step');
  assert.ok(
    others.every((s) => s.x + 180 <= fresh[0].x),
    `after every CS step (last at ${Math.max(...others.map((s) => s.x))}, new at ${fresh[0].x})`,
  );
});

test('lane swatches show their colour; removing a lane asks first and can be undone', async () => {
  await (await find(driver, 'lane-panel')).findElement(By.css('summary')).click();
  const swatches = await driver.findElements(byTestId('lane-swatch'));
  const colours = await Promise.all(swatches.map((s) => s.getCssValue('background-color')));
  const hex = (rgb) => `#${(rgb.match(/\d+/g) ?? []).slice(0, 3).map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`;
  assert.deepEqual(colours.map(hex), LANES.map((l) => l.color));

  const rows = await driver.findElements(byTestId('lane-row'));
  await (await rows[4].findElement(byTestId('remove-lane'))).click();
  await find(driver, 'lane-confirm');
  assert.equal((await driver.findElements(byTestId('lane-label'))).length, 5, 'nothing removed before the answer');
  await screenshot(driver, 'journey15-lane-confirm-en-light');
  await (await find(driver, 'confirm-remove-lane')).click();
  await driver.wait(async () => (await driver.findElements(byTestId('lane-label'))).length === 4, 10000);
  await waitSaved();
  await (await find(driver, 'undo')).click();
  await driver.wait(async () => (await driver.findElements(byTestId('lane-label'))).length === 5, 10000);
  await waitSaved();
});

test('a comparison is readable and lists old → new values', async () => {
  await openJourney(mid.name);
  await assertOpensReadable(mid);
  await screenshot(driver, 'journey15-40-en-light');
  await typeInto(await find(driver, 'revision-name'), 'Week 1');
  await (await find(driver, 'save-revision')).click();
  await driver.wait(async () => (await driver.findElements(byTestId('revision-row'))).length === 1, 10000);

  // Week 2: the current step is renamed and done.
  const current = mid.steps.find((s) => s.status === 'current');
  await (await driver.findElement(By.css(`.svelte-flow__node-step[data-id="${current.id}"]`))).click();
  const title = await find(driver, 'step-title-input');
  await typeChecked(title, 'Training with key persons');
  await title.sendKeys(Key.ENTER);
  await waitSaved();
  await (await find(driver, 'step-status-input')).findElement(By.css('option[value="done"]')).click();
  await waitSaved();
  await typeInto(await find(driver, 'revision-name'), 'Week 2');
  await (await find(driver, 'save-revision')).click();
  await driver.wait(async () => (await driver.findElements(byTestId('revision-row'))).length === 2, 10000);
  await (await find(driver, 'compare')).click();
  await find(driver, 'comparison');
  const values = await Promise.all((await driver.findElements(byTestId('change-value'))).map((v) => v.getText()));
  assert.deepEqual(values, [`title: “${current.title}” → “Training with key persons”`, 'status: Current → Done']);

  // Drawn at full size: one picture pixel per diagram unit, in a frame that scrolls.
  const picture = await find(driver, 'comparison-picture');
  await driver.wait(async () => Number(await picture.getAttribute('naturalWidth')) > 0, 10000);
  const size = await driver.executeScript((img) => ({ shown: img.getBoundingClientRect().width, natural: img.naturalWidth }), picture);
  assert.equal(Math.round(size.shown), size.natural);
  // The frame starts on the change (step 26 of 40, far right of the picture's start).
  const scrolled = await driver.executeScript(() => document.querySelector('[data-testid="comparison-frame"]').scrollLeft);
  assert.ok(scrolled > 1000, `scrolled to the change: ${scrolled}`);
  await driver.executeScript((el) => el.scrollIntoView(), await find(driver, 'comparison'));
  await screenshot(driver, 'journey15-comparison-en-light');
});

test('Japanese and dark: the canvas, its controls and the comparison follow', async () => {
  await setLook('ja', 'dark');
  await openJourney(mid.name);
  const seen = await assertOpensReadable(mid);
  const zoomIn = await driver.findElement(By.css('.svelte-flow__controls-zoomin'));
  assert.equal(await zoomIn.getAttribute('aria-label'), '拡大');
  assert.equal(await driver.executeScript(() => document.querySelector('.svelte-flow__minimap title')?.textContent), '図の全体マップ');
  const colours = await driver.executeScript(() => {
    const lum = (c) => {
      const [r, g, b] = (c.match(/[\d.]+/g) ?? []).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return {
      pane: lum(getComputedStyle(document.querySelector('.svelte-flow')).backgroundColor),
      step: lum(getComputedStyle(document.querySelector('.step-node')).backgroundColor),
      controls: lum(getComputedStyle(document.querySelector('.svelte-flow__controls-button')).backgroundColor),
      lane: lum(getComputedStyle(document.querySelector('.lane-node')).backgroundColor),
    };
  });
  for (const [part, lum] of Object.entries(colours)) assert.ok(lum < 80, `${part} is dark (${lum})`);
  assert.ok(seen.steps.length > 0);
  assert.ok((await driver.findElement(By.css('h1')).getAttribute('textContent')).includes(mid.name), 'a level-one heading names the journey');
  await screenshot(driver, 'journey15-40-ja-dark');

  await (await find(driver, 'compare')).click();
  await find(driver, 'comparison');
  const values = await Promise.all((await driver.findElements(byTestId('change-value'))).map((v) => v.getText()));
  assert.ok(values.includes('状況: 実施中 → 完了'), values.join('\n'));
  await driver.executeScript((el) => el.scrollIntoView(), await find(driver, 'comparison'));
  await screenshot(driver, 'journey15-comparison-ja-dark');

  await openJourney(big.name);
  await assertOpensReadable(big);
  await screenshot(driver, 'journey15-500-ja-dark');
});

test('English dark and Japanese light', async () => {
  await setLook('en', 'dark');
  await openJourney(mid.name);
  await assertOpensReadable(mid);
  await screenshot(driver, 'journey15-40-en-dark');
  await setLook('ja', 'light');
  await openJourney(big.name);
  await assertOpensReadable(big);
  await screenshot(driver, 'journey15-500-ja-light');
});
