import type { Theme } from '../bindings';

/** Applies the theme through a data attribute; `system` lets the CSS media query decide. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}
