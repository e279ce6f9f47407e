// How the stakeholder screens change data: each change names the project version it was based
// on and returns the fresh board.
import type { Board } from '../bindings';

/** Runs a change with the current project version; throws the core's error payload. */
export type Apply = (action: (expectedVersion: number) => Promise<Board>) => Promise<void>;
