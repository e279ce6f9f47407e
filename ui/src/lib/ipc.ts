// Unwraps the generated commands' `{ status, data | error }` results so components can use
// try/catch with the typed error payload.
import type { ErrorPayload } from './bindings';

type CommandResult<T> = { status: 'ok'; data: T } | { status: 'error'; error: ErrorPayload };

export async function call<T>(result: Promise<CommandResult<T>>): Promise<T> {
  const r = await result;
  if (r.status === 'ok') return r.data;
  throw r.error;
}
