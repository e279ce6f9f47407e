// Names of record kinds and fields in the UI language, for the conflict screen: the kinds and
// fields the team messages name, else the column name itself.
import type { ConflictSide } from '../bindings';
import { resources, t, type MessageKey } from '../i18n/index.svelte';

const kinds = resources.en.team.kinds as Record<string, string>;
const fields = resources.en.team.fields as Record<string, string>;

export function kindLabel(kind: string): string {
  return kind in kinds ? t(`team.kinds.${kind}` as MessageKey) : kind;
}

export function fieldLabel(field: string | null): string {
  if (field === null) return t('team.conflicts.wholeRecord');
  return field in fields ? t(`team.fields.${field}` as MessageKey) : field;
}

/** One side of a conflict as text (values are shown as text, never as markup). */
export function sideText(side: ConflictSide): string {
  switch (side.kind) {
    case 'set':
      return side.value ? side.value : t('team.conflicts.empty_value');
    case 'delete':
      return t('team.conflicts.deleted');
    case 'not_applied':
      return t('team.conflicts.notApplied', { reason: side.value });
  }
}
