// A stable string for a playbook reference, for <select> values and keyed lists.
import type { PlaybookRef } from '../bindings';

export function refKey(ref: PlaybookRef): string {
  return ref.kind === 'builtin' ? `builtin:${ref.key}` : `stored:${ref.id}`;
}
