// Team errors (`{ code, message, file }`) in the user's language. The keys are typed message keys,
// so a team error code added in Rust without a message in both languages fails the type check.
import type { TeamError, TeamErrorCode } from '../bindings';
import { t, type MessageKey } from '../i18n/index.svelte';

const teamKey = (code: TeamErrorCode): MessageKey => `team.errors.${code}`;

/** Whether `value` is a team error (it has `file`, a core error payload has `fields`). */
export function isTeamError(value: unknown): value is TeamError {
  return typeof value === 'object' && value !== null && 'code' in value && 'file' in value && !('fields' in value);
}

/** A translated team error; a failure of the file itself is told as the file's error. */
export function teamErrorMessage(error: TeamError, fileMessage: (e: unknown) => string): string {
  if (error.code === 'file' && error.file) return fileMessage(error.file);
  return t(teamKey(error.code));
}
