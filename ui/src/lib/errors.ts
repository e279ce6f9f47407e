// Turns the core's `{ code, message, fields }` errors into messages in the user's language.
import type { ErrorCode, ErrorPayload } from './bindings';
import { t, type MessageKey } from './i18n/index.svelte';

const FIELD_CODES = [
  'required',
  'too_long',
  'invalid_date',
  'out_of_range',
  'kickoff_too_early',
  'invalid_email',
  'out_of_scale',
  'status_date_too_early',
  'no_participants',
  'mismatch',
  'duplicate_id',
  'unknown_lane',
  'unknown_step',
  'unknown_milestone',
  'invalid_color',
  'self_connection',
  'too_many',
  'other_journey',
  'criterion_required',
  'before_kickoff',
  'before_start',
  'unknown_member',
  'duplicate',
  'empty',
  'invalid_choice',
  'file_too_large',
  'too_many_rows',
  'empty_file',
  'unknown_encoding',
  'unreadable_csv',
  'name_not_mapped',
  'mapped_twice',
  'too_many_cells',
  'unclosed_quote',
  'stray_quote',
  'mixed_encoding',
];
const ERROR_CODES: ErrorCode[] = [
  'validation',
  'not_found',
  'conflict',
  'newer_schema',
  'not_a_database',
  'corrupt',
  'read_only',
  'locked',
  'in_use',
  'not_a_file',
  'cannot_open',
  'disk_full',
  'own_file',
  'not_picked',
  'invalid_import',
  'io',
  'storage',
  'refused',
  'unavailable',
  'invalid_file',
];

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

/** Any thrown value as an error payload (an unexpected one becomes `unavailable`). */
export function asPayload(e: unknown): ErrorPayload {
  return isErrorPayload(e) ? e : { code: 'unavailable', message: String(e), fields: [], refusal: null };
}

/** One field problem (`{ code, max }`) translated. */
export function fieldMessage(f: { code: string; max: number | null }): string {
  return FIELD_CODES.includes(f.code) ? t(`errors.field.${f.code}` as MessageKey, { max: f.max ?? '' }) : f.code;
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
  if (isErrorPayload(error) && error.code === 'refused' && error.refusal) {
    return t(`errors.refusal.${error.refusal}` as MessageKey);
  }
  if (isErrorPayload(error) && ERROR_CODES.includes(error.code)) {
    // `in_use` names the process that has the file.
    const process = error.fields?.find((f) => f.field === 'process')?.max ?? '?';
    return t(`errors.code.${error.code}` as MessageKey, { process });
  }
  return t('errors.code.unknown');
}
