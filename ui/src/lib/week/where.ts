// Where each kind of "This week" item is fixed: the project page (its first goals or its stage
// panel), the stakeholders, or the journey.
import type { WeekItem, WeekKind } from '../bindings';

export type WeekTarget =
  | { to: 'project'; id: number; focus: 'milestones' | 'stages' }
  | { to: 'people'; id: number }
  | { to: 'journey'; id: number; projectId: number };

const PLACE: Record<WeekKind, 'milestones' | 'stages' | 'people' | 'journey'> = {
  goal_overdue: 'milestones',
  goal_due_soon: 'milestones',
  goal_undecided: 'milestones',
  action_overdue: 'stages',
  long_hold: 'stages',
  no_decision_maker: 'people',
  decision_maker_absent: 'people',
  key_person_untouched: 'people',
  heat_falling: 'people',
  journey_not_reviewed: 'journey',
};

export function targetOf(item: WeekItem): WeekTarget {
  const place = PLACE[item.kind];
  if (place === 'journey' && item.journey_id !== null) {
    return { to: 'journey', id: item.journey_id, projectId: item.project_id };
  }
  if (place === 'people') return { to: 'people', id: item.project_id };
  return { to: 'project', id: item.project_id, focus: place === 'stages' ? 'stages' : 'milestones' };
}

/** The label of the button that opens the item's place. */
export function openKey(item: WeekItem): 'project' | 'stages' | 'people' | 'journey' {
  const place = PLACE[item.kind];
  return place === 'milestones' ? 'project' : place;
}
