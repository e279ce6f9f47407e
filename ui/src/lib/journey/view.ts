// How the canvas opens and speaks: the viewport a journey opens at (readable, on the step the
// project is at), the canvas controls' names in the UI language, and a step's spoken name.
import type { AriaLabelConfig } from '@xyflow/svelte';
import type { JourneyDoc, Layout, Step, StepBox } from '../bindings';
import { t } from '../i18n/index.svelte';

/** Below this zoom a step's title is too small to read: show part of the diagram instead. */
export const READABLE_ZOOM = 0.75;
/** The zoom a large journey opens at. */
export const OPEN_ZOOM = 0.9;
/** Width of the lane name column pinned to the canvas's left edge. */
export const LANE_LABELS = 150;

/** A step's width plus the gap to the next column (the core's layout). */
const COLUMN_PITCH = 228;

const n = (v: number | null) => v ?? 0;

/** The minimap's size: as wide as set, as high as the diagram's shape asks (within bounds). */
export function minimapSize(layout: Layout): { width: number; height: number } {
  const width = 200;
  const ratio = n(layout.height) / Math.max(1, n(layout.width));
  return { width, height: Math.round(Math.min(120, Math.max(48, width * ratio))) };
}

/** The step to open on: the current one, else the next one, else the first not done, else the leftmost. */
export function focusStep(doc: JourneyDoc, layout: Layout): StepBox | undefined {
  const boxes = new Map(layout.steps.map((b) => [b.id, b]));
  const pick = (test: (s: Step) => boolean) => doc.steps.find((s) => test(s) && boxes.has(s.id));
  const step = pick((s) => s.status === 'current') ?? pick((s) => s.status === 'next') ?? undefined;
  if (step) return boxes.get(step.id);
  const open = layout.steps.filter((b) => doc.steps.find((s) => s.id === b.id)?.status !== 'done');
  const candidates = open.length > 0 && open.length < layout.steps.length ? open : layout.steps;
  return candidates.reduce<StepBox | undefined>((best, b) => (!best || n(b.x) < n(best.x) ? b : best), undefined);
}

/**
 * The viewport a journey opens at in a canvas of `size`: `'fit'` when the whole diagram is
 * readable at once, else a readable zoom with the focus step a little right of the lane names
 * (what came just before it still in view), never scrolled past the diagram's edges.
 */
export function openingView(
  doc: JourneyDoc,
  layout: Layout,
  size: { width: number; height: number },
): 'fit' | { x: number; y: number; zoom: number } {
  const [w, h] = [n(layout.width), n(layout.height)];
  if (w <= 0 || h <= 0 || Math.min(size.width / w, size.height / h) >= READABLE_ZOOM) return 'fit';
  const zoom = OPEN_ZOOM;
  const focus = focusStep(doc, layout);
  const fx = focus ? n(focus.x) : 0;
  const fy = focus ? n(focus.y) + n(focus.height) / 2 : 0;
  // One column of what came before stays visible right of the lane names.
  const target = LANE_LABELS + 16 + COLUMN_PITCH * zoom;
  const clamp = (v: number, low: number, high: number) => Math.min(high, Math.max(low, v));
  const x = clamp(target - fx * zoom, Math.min(0, size.width - w * zoom), 0);
  const y = clamp(size.height / 2 - fy * zoom, Math.min(0, size.height - h * zoom), 0);
  return { x, y, zoom };
}

/** The canvas controls' and descriptions' words in the UI language. */
export function flowLabels(): Partial<AriaLabelConfig> {
  return {
    'node.a11yDescription.default': t('journey.flow.nodeHelp'),
    'node.a11yDescription.keyboardDisabled': t('journey.flow.nodeHelpKeys'),
    'node.a11yDescription.ariaLiveMessage': ({ x, y }) => t('journey.flow.moved', { x: Math.round(x), y: Math.round(y) }),
    'edge.a11yDescription.default': t('journey.flow.edgeHelp'),
    'controls.ariaLabel': t('journey.flow.controls'),
    'controls.zoomIn.ariaLabel': t('journey.flow.zoomIn'),
    'controls.zoomOut.ariaLabel': t('journey.flow.zoomOut'),
    'controls.fitView.ariaLabel': t('journey.flow.fitView'),
    'controls.interactive.ariaLabel': t('journey.flow.interactive'),
    'minimap.ariaLabel': t('journey.flow.minimap'),
    'handle.ariaLabel': t('journey.flow.handle'),
  };
}

/** A step's name for assistive technology: its title, kind and status. */
export function stepLabel(step: Step): string {
  const parts = [step.title, t(`journey.kind.${step.kind}`)];
  if (step.status) parts.push(t(`journey.status.${step.status}`));
  return parts.join(', ');
}
