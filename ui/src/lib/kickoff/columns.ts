// The attendee grid's columns, in order: what each cell edits and how the keyboard treats it.
import type { MessageKey } from '../i18n/index.svelte';
import type { CellKind, KeyInfo } from './gridkeys';

export interface Column {
  /** The stakeholder field (or action) of the column. */
  key: string;
  kind: CellKind;
  /** Column header; also the cell's name with the person's name after it. */
  header: MessageKey | '';
  /** The cell's accessible name when it is not "header: name" (a message with {{name}}). */
  label?: MessageKey;
  testid: string;
}

export const COLUMNS: Column[] = [
  { key: 'name', kind: 'static', header: 'stakeholders.fields.name', testid: 'attendee-name' },
  { key: 'department', kind: 'text', header: 'stakeholders.fields.department', testid: 'attendee-department' },
  { key: 'level', kind: 'choice', header: 'stakeholders.fields.level', testid: 'attendee-level' },
  { key: 'influence', kind: 'choice', header: 'stakeholders.fields.influence', testid: 'attendee-influence' },
  { key: 'attended', kind: 'check', header: 'kickoff.attended', testid: 'attended' },
  { key: 'decision_maker', kind: 'check', header: 'stakeholders.role.decision_maker', testid: 'role-decision_maker' },
  { key: 'executor', kind: 'check', header: 'stakeholders.role.executor', testid: 'role-executor' },
  { key: 'key_person', kind: 'check', header: 'kickoff.keyPerson', testid: 'key-person' },
  { key: 'stated_role', kind: 'text', header: 'stakeholders.fields.stated_role', label: 'kickoff.statedRole', testid: 'stated-role' },
  { key: 'details', kind: 'button', header: '', label: 'kickoff.detailsFor', testid: 'attendee-details' },
  { key: 'remove', kind: 'button', header: '', label: 'kickoff.removeFor', testid: 'attendee-remove' },
];

/** The values a choice column offers, in the order their digit keys pick them. */
export function choiceValues(column: Column, levels: readonly string[], scores: readonly number[]): readonly (string | number)[] {
  return column.key === 'level' ? levels : scores;
}

/** The parts of a key event the grid's keyboard model reads. */
export function keyInfo(e: KeyboardEvent): KeyInfo {
  return {
    key: e.key,
    ctrl: e.ctrlKey,
    alt: e.altKey,
    meta: e.metaKey,
    shift: e.shiftKey,
    // 229: the key went to an input method (Japanese input) whatever `isComposing` says.
    composing: e.isComposing || e.keyCode === 229,
  };
}
