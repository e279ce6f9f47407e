// Shared helpers of the stakeholder screens: the fixed scales, turning a stored stakeholder back
// into form input, and the exports' save dialogs.
import { MAX_SCORE, type ProjectRole, type Stakeholder, type StakeholderInput } from '../bindings';

/** The three stakeholder screens of a project. */
export type PeopleTab = 'kickoff' | 'list' | 'map';

/** Influence and heat: the whole numbers 1 to the core's `MAX_SCORE`. */
export const SCORES = Array.from({ length: MAX_SCORE }, (_, i) => i + 1);

/** The stored values of a stakeholder as form input (an unchanged heat adds no heat entry). */
export function inputOf(s: Stakeholder): StakeholderInput {
  return {
    name: s.name,
    reading: s.reading,
    title: s.title,
    department: s.department,
    level: s.level,
    influence: s.influence,
    roles: [...s.roles],
    key_person: s.key_person,
    attended_kickoff: s.attended_kickoff,
    stated_role: s.stated_role,
    email: s.email,
    phone: s.phone,
    status: s.status,
    status_date: s.status_date,
    heat: s.heat,
  };
}

export function blankInput(): StakeholderInput {
  return {
    name: '',
    reading: '',
    title: '',
    department: '',
    level: 'staff',
    influence: 3,
    roles: [],
    key_person: false,
    attended_kickoff: true,
    stated_role: '',
    email: '',
    phone: '',
    status: 'active',
    status_date: null,
    heat: null,
  };
}

/** Adds or removes one role. */
export function toggleRole(roles: ProjectRole[], role: ProjectRole, on: boolean): ProjectRole[] {
  const rest = roles.filter((r) => r !== role);
  return on ? [...rest, role] : rest;
}

export { asPayload } from '../errors';

/** A file name from a customer name: path separators and control characters removed. */
export function fileStem(name: string): string {
  const cleaned = Array.from(name)
    .filter((c) => c >= ' ' && !'/\\:*?"<>|'.includes(c))
    .join('')
    .trim();
  return cleaned.slice(0, 80) || 'firstgoal';
}
