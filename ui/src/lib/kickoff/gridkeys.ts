// Keyboard model of the attendee grid (the ARIA grid pattern): one Tab stop for the whole grid,
// arrow keys between cells, and a cell's own editing only when asked for, as in a spreadsheet.
//
// - Arrows move (Up/Down rows, Left/Right cells); Home/End go to the row's first/last cell,
//   Ctrl+Home/End to the grid's first/last cell.
// - Text cells: typing starts editing and replaces the value; Enter or F2 edits it with the caret
//   at the end. While editing, Left/Right/Home/End move the caret, Enter saves and goes to the cell
//   below, Up/Down save and move, Escape puts the stored value back.
// - Choice cells (level, influence): a digit picks that choice (1 = first); Enter, F2 or Space
//   edits, then Up/Down step through the choices, Enter saves, Escape puts the stored value back.
// - Checkboxes and buttons keep their own keys (Space toggles, Enter presses).
// Keys of an input method's composition (Japanese input) are never taken.

export type CellKind = 'text' | 'choice' | 'check' | 'button' | 'static';

export type Pos = { row: number; col: number };

export type GridAction =
  | { type: 'native' }
  | { type: 'move'; to: Pos }
  | { type: 'edit' }
  | { type: 'begin' }
  | { type: 'commit'; to: Pos }
  | { type: 'cancel' }
  | { type: 'step'; by: 1 | -1 }
  | { type: 'pick'; index: number };

export type KeyInfo = { key: string; ctrl?: boolean; alt?: boolean; meta?: boolean; shift?: boolean; composing?: boolean };

const NATIVE: GridAction = { type: 'native' };

/** The cell an arrow, Home or End key goes to (clamped to the grid), or null for other keys. */
export function moveFor(k: KeyInfo, pos: Pos, rows: number, cols: number): Pos | null {
  const clamp = (n: number, max: number) => Math.max(0, Math.min(max - 1, n));
  switch (k.key) {
    case 'ArrowUp':
      return { row: clamp(pos.row - 1, rows), col: pos.col };
    case 'ArrowDown':
      return { row: clamp(pos.row + 1, rows), col: pos.col };
    case 'ArrowLeft':
      return { row: pos.row, col: clamp(pos.col - 1, cols) };
    case 'ArrowRight':
      return { row: pos.row, col: clamp(pos.col + 1, cols) };
    case 'Home':
      return { row: k.ctrl ? 0 : pos.row, col: 0 };
    case 'End':
      return { row: k.ctrl ? rows - 1 : pos.row, col: cols - 1 };
    default:
      return null;
  }
}

/** A key that types a character (no Ctrl/Alt/Meta chord). */
function printable(k: KeyInfo): boolean {
  return Array.from(k.key).length === 1 && !k.ctrl && !k.alt && !k.meta;
}

function textAction(k: KeyInfo, pos: Pos, rows: number, cols: number, editing: boolean): GridAction {
  if (editing) {
    if (k.key === 'Escape') return { type: 'cancel' };
    if (k.key === 'Enter') return { type: 'commit', to: { row: Math.min(pos.row + 1, rows - 1), col: pos.col } };
    if (k.key === 'ArrowUp' || k.key === 'ArrowDown') return { type: 'commit', to: moveFor(k, pos, rows, cols) ?? pos };
    return NATIVE;
  }
  if (k.key === 'Enter' || k.key === 'F2') return { type: 'edit' };
  if (printable(k) || k.key === 'Backspace' || k.key === 'Delete') return { type: 'begin' };
  return NATIVE;
}

function choiceAction(k: KeyInfo, editing: boolean, choices: number): GridAction {
  if (editing) {
    if (k.key === 'Escape') return { type: 'cancel' };
    if (k.key === 'Enter') return { type: 'commit', to: { row: -1, col: -1 } };
    if (k.key === 'ArrowUp') return { type: 'step', by: -1 };
    if (k.key === 'ArrowDown') return { type: 'step', by: 1 };
    return NATIVE;
  }
  if (k.key === 'Enter' || k.key === 'F2' || k.key === ' ') return { type: 'edit' };
  const n = /^[1-9]$/.test(k.key) ? Number(k.key) : 0;
  if (n >= 1 && n <= choices && printable(k)) return { type: 'pick', index: n - 1 };
  return NATIVE;
}

/**
 * What a key does in the cell at `pos` of a `rows` × `cols` grid. A `commit` to row -1 saves and
 * stays on the cell. `choices` is the number of options of a choice cell.
 */
export function gridAction(
  k: KeyInfo,
  kind: CellKind,
  pos: Pos,
  size: { rows: number; cols: number },
  editing: boolean,
  choices = 0,
): GridAction {
  if (k.composing || k.key === 'Process' || k.key === 'Dead') return NATIVE;
  if (!editing && !k.alt && !k.meta && !k.shift) {
    const to = moveFor(k, pos, size.rows, size.cols);
    if (to) return { type: 'move', to };
  }
  if (kind === 'text') return textAction(k, pos, size.rows, size.cols, editing);
  if (kind === 'choice') return choiceAction(k, editing, choices);
  return NATIVE;
}
