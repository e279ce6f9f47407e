// Page readings for the accessibility scenario: axe-core run on the live page, the focus ring of
// every control reached with Tab, and table cells squeezed narrower than their words.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Key } from 'selenium-webdriver';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (every rule, all impacts) on the whole document and returns its violations as
 * `{ id, impact, targets }`. The source is injected once per page: the app never reloads it.
 */
export async function axeViolations(driver) {
  const present = await driver.executeScript(() => typeof window.axe === 'object');
  if (!present) await driver.executeScript(axeSource);
  const result = await driver.executeAsyncScript((done) => {
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then((r) =>
        done(
          r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            targets: v.nodes.map((n) => n.target.join(' ')),
          })),
        ),
      )
      .catch((e) => done({ error: String(e) }));
  });
  if (result.error) throw new Error(`axe failed: ${result.error}`);
  return result;
}

/** One line per violation: its rule, impact and (at most 6) elements. */
export function describeViolations(violations) {
  return violations
    .map((v) => `  ${v.id} (${v.impact}): ${v.targets.slice(0, 6).join(' | ')}${v.targets.length > 6 ? ` … +${v.targets.length - 6}` : ''}`)
    .join('\n');
}

/**
 * Presses Tab `presses` times from the start of the page (or from the start of the element
 * `from`, a CSS selector) and returns every control that got
 * the focus without a visible ring (no outline, no box-shadow), as short descriptions. The
 * style is read the moment each control takes the focus, from a listener set up beforehand.
 */
export async function unringedFocus(driver, presses, from) {
  await driver.executeScript((start) => {
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
    const panel = start && document.querySelector(start);
    if (panel) {
      // Focus the panel itself (without a ring check): the next Tab goes to its first control.
      const had = panel.getAttribute('tabindex');
      panel.tabIndex = -1;
      panel.focus();
      if (had === null) panel.removeAttribute('tabindex');
    }
    window.__focusSeen = [];
    window.__focusListener ??= (event) => {
      const el = event.target;
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow && style.boxShadow !== 'none');
      const name = `${el.tagName.toLowerCase()}${el.dataset?.testid ? `[data-testid=${el.dataset.testid}]` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : ''}`;
      window.__focusSeen.push({ name, ring, label: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30) });
    };
    document.addEventListener('focusin', window.__focusListener, true);
  }, from ?? null);
  const actions = driver.actions();
  for (let i = 0; i < presses; i += 1) actions.sendKeys(Key.TAB);
  await actions.perform();
  const seen = await driver.executeScript(() => {
    document.removeEventListener('focusin', window.__focusListener, true);
    return window.__focusSeen;
  });
  return { count: seen.length, missing: seen.filter((s) => !s.ring).map((s) => `${s.name} "${s.label}"`) };
}

/**
 * How the table cells matching `selector` are laid out: `squeezed` lists cells narrower than
 * `minEm` ems or whose text wraps with fewer than `minPerLine` characters a line on average (words
 * broken a character or two a line); `hidden` lists text cut short without an ellipsis or without
 * its whole text in a title.
 */
export function tableLayout(driver, selector, { minEm = 3, minPerLine = 4 } = {}) {
  return driver.executeScript(
    (sel, min, fewest) => {
      const squeezed = [];
      const hidden = [];
      // The fewest characters a line of any piece of text in the cell that wraps (Infinity if none
      // wraps): buttons or badges side by side or stacked are whole pieces, not broken words.
      const thinnestWrap = (cell) => {
        let thinnest = Infinity;
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const chars = node.textContent.replace(/\s+/g, '').length;
          if (!chars) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top / 4)));
          if (tops.size > 1) thinnest = Math.min(thinnest, chars / tops.size);
        }
        return thinnest;
      };
      for (const cell of document.querySelectorAll(sel)) {
        const text = cell.textContent.trim();
        const box = cell.getBoundingClientRect();
        if (!text || box.width === 0) continue;
        const em = parseFloat(getComputedStyle(cell).fontSize);
        const perLine = thinnestWrap(cell);
        if (box.width < min * em || perLine < fewest) squeezed.push({ text: text.slice(0, 30), ems: +(box.width / em).toFixed(1), perLine });
        for (const el of [cell, ...cell.querySelectorAll('*')]) {
          // Text kept for screen readers only (a 1-pixel box) is not cut text.
          if (el.getBoundingClientRect().width <= 1) continue;
          const style = getComputedStyle(el);
          const cutAcross = el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible';
          const cutDown = el.scrollHeight > el.clientHeight + 1 && style.overflowY === 'hidden' && style.webkitLineClamp !== 'none';
          if (!cutAcross && !cutDown) continue;
          const whole = el.textContent.replace(/\s+/g, '');
          const title = el.closest('[title]')?.getAttribute('title') ?? el.querySelector('[title]')?.getAttribute('title') ?? '';
          const marked = cutDown || style.textOverflow === 'ellipsis';
          if (!marked || !title.replace(/\s+/g, '').includes(whole)) hidden.push({ text: whole.slice(0, 30), ellipsis: marked, title: title.slice(0, 30) });
        }
      }
      return { squeezed, hidden };
    },
    selector,
    minEm,
    minPerLine,
  );
}
