// Unwraps the generated commands' `{ status, data | error }` results so components can use
// try/catch with the typed error payload.
import type { ErrorPayload } from './bindings';

type CommandResult<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

export async function call<T, E = ErrorPayload>(result: Promise<CommandResult<T, E>>): Promise<T> {
  const r = await result;
  if (r.status === 'ok') return r.data;
  throw r.error;
}
