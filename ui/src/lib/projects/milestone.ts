// How a milestone is named in the UI: its horizon (1 month, 3 months, 1 year) or, for a custom
// milestone, its own title.
import type { Milestone } from '../bindings';
import { t } from '../i18n/index.svelte';

export function milestoneLabel(m: Pick<Milestone, 'horizon' | 'title'>): string {
  return m.horizon ? t(`milestones.${m.horizon}`) : m.title;
}
