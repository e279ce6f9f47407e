// Turns the core's `{ code, message, fields }` errors into messages in the user's language.
// The codes are the generated `ErrorCode`, `Refusal` and `FieldCode` types: the keys below are
// typed as message keys, so a code added in the core without a message in both languages fails
// the type check (ja.ts must have every key en.ts has).
import type { ErrorCode, ErrorPayload, FieldCode, Refusal } from './bindings';
import { t, type MessageKey } from './i18n/index.svelte';
import { isTeamError, teamErrorMessage } from './team/errors';

const fieldKey = (code: FieldCode): MessageKey => `errors.field.${code}`;
const codeKey = (code: ErrorCode): MessageKey => `errors.code.${code}`;
const refusalKey = (refusal: Refusal): MessageKey => `errors.refusal.${refusal}`;

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

/** Any thrown value as an error payload (an unexpected one becomes `unavailable`). */
export function asPayload(e: unknown): ErrorPayload {
  return isErrorPayload(e) ? e : { code: 'unavailable', message: String(e), fields: [], refusal: null };
}

/** One field problem (`{ code, max }`) translated. */
export function fieldMessage(f: { code: FieldCode; max: number | null }): string {
  return t(fieldKey(f.code), { max: f.max ?? '' });
}

/** One translated message per field that failed validation. */
export function fieldErrors(error: ErrorPayload | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of error?.fields ?? []) {
    out[f.field] = fieldMessage(f);
  }
  return out;
}

/** A translated summary of any error, for a banner. */
export function errorMessage(error: unknown): string {
  // A team error: a refused edit in a viewer's file reaches every screen this way.
  if (isTeamError(error)) return teamErrorMessage(error, errorMessage);
  if (!isErrorPayload(error)) return t('errors.code.unknown');
  if (error.code === 'refused' && error.refusal) return t(refusalKey(error.refusal));
  // `in_use` names the process that has the file.
  const process = error.fields?.find((f) => f.field === 'process')?.max ?? '?';
  return t(codeKey(error.code), { process });
}
