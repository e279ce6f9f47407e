// The portfolio plots in the window's colours: axis, label and legend text and the accent series
// from the theme's CSS variables (light or dark), and a fixed light palette for exported files.
import type { ChartOption } from './echarts';

export type Palette = { text: string; muted: string; grid: string; accent: string };

/** The colour of the main series in the options (replaced by the theme's accent). */
export const ACCENT = '#0f766e';

/** Exports are documents: always the light palette, whatever the window shows. */
export const PRINT: Palette = { text: '#1f2933', muted: '#5f6b7a', grid: '#d9dee5', accent: ACCENT };

/** The palette of the theme the window shows now. */
export function windowPalette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { text: read('--text', PRINT.text), muted: read('--muted', PRINT.muted), grid: read('--border', PRINT.grid), accent: read('--accent', ACCENT) };
}

type Axis = Record<string, unknown> & { splitLine?: Record<string, unknown> };
type Series = Record<string, unknown> & { itemStyle?: { color?: string } };

function axisIn(p: Palette, axis: Axis): Axis {
  return {
    ...axis,
    axisLine: { lineStyle: { color: p.muted } },
    axisTick: { lineStyle: { color: p.muted } },
    axisLabel: { color: p.text },
    nameTextStyle: { color: p.text },
    splitLine: { ...axis.splitLine, lineStyle: { color: p.grid } },
  };
}

function axesIn(p: Palette, axes: unknown): unknown {
  if (Array.isArray(axes)) return axes.map((a: Axis) => axisIn(p, a));
  return axes ? axisIn(p, axes as Axis) : axes;
}

/** `option` drawn in palette `p`. */
export function themed(option: ChartOption, p: Palette): ChartOption {
  const series = (option.series as Series[] | undefined)?.map((s) =>
    s.itemStyle?.color === ACCENT ? { ...s, itemStyle: { ...s.itemStyle, color: p.accent } } : s,
  );
  return {
    ...option,
    textStyle: { ...(option.textStyle as object), color: p.text },
    legend: option.legend ? { ...(option.legend as object), textStyle: { color: p.text } } : undefined,
    xAxis: axesIn(p, option.xAxis),
    yAxis: axesIn(p, option.yAxis),
    series,
  };
}

/** Calls `redraw` whenever the theme changes (the setting or, for "system", the desktop's). */
export function onThemeChange(redraw: () => void): () => void {
  const observer = new MutationObserver(redraw);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', redraw);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', redraw);
  };
}
