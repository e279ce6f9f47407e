// Keeps the keyboard inside an open editor: Tab and Shift+Tab go round its controls, Escape
// closes it, and on closing the focus goes back to what opened it (a row's Details button).
import { createFocusTrap } from 'focus-trap';

/** Svelte action: traps the focus in `node` while it is mounted; `onescape` closes the editor. */
export function trapFocus(node: HTMLElement, onescape: () => void) {
  let close = onescape;
  const trap = createFocusTrap(node, {
    // The page behind stays usable with the mouse (a click elsewhere does not close the editor).
    allowOutsideClick: true,
    // The focus taken back into the editor must not scroll the page: a click on the top bar
    // while the editor is scrolled out of view would otherwise move the bar from under the
    // pointer and be lost (the window could not be left while an editor was open).
    preventScroll: true,
    escapeDeactivates: true,
    returnFocusOnDeactivate: true,
    fallbackFocus: node,
    onDeactivate: () => close(),
  });
  trap.activate();
  return {
    update(next: () => void) {
      close = next;
    },
    destroy() {
      close = () => {};
      trap.deactivate();
    },
  };
}
