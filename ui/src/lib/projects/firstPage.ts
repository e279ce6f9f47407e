import { commands, type ProjectListQuery } from '../bindings';

/** Rows the project list asks for at a time. */
export const PAGE = 100;

/** What the list shows when the app opens: the first page, not archived, no search. */
const OPENING: ProjectListQuery = { include_archived: false, search: '', offset: 0, limit: PAGE };

let early: ReturnType<typeof commands.listProjectsPage> | null = null;

/**
 * Asks for the list's opening page as the app starts, alongside the settings, so the first
 * screen waits for one round trip instead of two.
 */
export function prefetchOpeningPage() {
  early = commands.listProjectsPage(OPENING);
}

/** The page for `query`: the prefetched answer once if it is the opening page, else a new call. */
export function listPage(query: ProjectListQuery): ReturnType<typeof commands.listProjectsPage> {
  const opening =
    query.include_archived === OPENING.include_archived &&
    query.search === OPENING.search &&
    query.offset === OPENING.offset &&
    query.limit === OPENING.limit;
  if (opening && early) {
    const answer = early;
    early = null;
    return answer;
  }
  return commands.listProjectsPage(query);
}
