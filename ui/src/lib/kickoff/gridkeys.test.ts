import { describe, expect, it } from 'vitest';
import { gridAction, moveFor } from './gridkeys';

const size = { rows: 8, cols: 11 };
const at = { row: 3, col: 2 };
const key = (k: string, more: object = {}) => ({ key: k, ...more });

describe('grid keys', () => {
  it('arrows move one cell and stop at the edges; Home/End go to the row ends, with Ctrl to the grid ends', () => {
    expect(moveFor(key('ArrowUp'), at, 8, 11)).toEqual({ row: 2, col: 2 });
    expect(moveFor(key('ArrowDown'), at, 8, 11)).toEqual({ row: 4, col: 2 });
    expect(moveFor(key('ArrowLeft'), at, 8, 11)).toEqual({ row: 3, col: 1 });
    expect(moveFor(key('ArrowRight'), at, 8, 11)).toEqual({ row: 3, col: 3 });
    expect(moveFor(key('ArrowUp'), { row: 0, col: 0 }, 8, 11)).toEqual({ row: 0, col: 0 });
    expect(moveFor(key('ArrowRight'), { row: 7, col: 10 }, 8, 11)).toEqual({ row: 7, col: 10 });
    expect(moveFor(key('Home'), at, 8, 11)).toEqual({ row: 3, col: 0 });
    expect(moveFor(key('End', { ctrl: true }), at, 8, 11)).toEqual({ row: 7, col: 10 });
    expect(moveFor(key('a'), at, 8, 11)).toBeNull();
  });

  it('a text cell: typing begins an edit that replaces, Enter or F2 edits, and arrows move only when not editing', () => {
    expect(gridAction(key('ArrowLeft'), 'text', at, size, false)).toEqual({ type: 'move', to: { row: 3, col: 1 } });
    expect(gridAction(key('x'), 'text', at, size, false)).toEqual({ type: 'begin' });
    expect(gridAction(key('営'), 'text', at, size, false)).toEqual({ type: 'begin' });
    expect(gridAction(key('Backspace'), 'text', at, size, false)).toEqual({ type: 'begin' });
    expect(gridAction(key('Enter'), 'text', at, size, false)).toEqual({ type: 'edit' });
    expect(gridAction(key('F2'), 'text', at, size, false)).toEqual({ type: 'edit' });
    expect(gridAction(key('a', { ctrl: true }), 'text', at, size, false)).toEqual({ type: 'native' });
    // While editing the caret keys are the input's; Enter saves and goes down, Escape cancels.
    expect(gridAction(key('ArrowLeft'), 'text', at, size, true)).toEqual({ type: 'native' });
    expect(gridAction(key('Home'), 'text', at, size, true)).toEqual({ type: 'native' });
    expect(gridAction(key('Enter'), 'text', at, size, true)).toEqual({ type: 'commit', to: { row: 4, col: 2 } });
    expect(gridAction(key('Enter'), 'text', { row: 7, col: 2 }, size, true)).toEqual({ type: 'commit', to: { row: 7, col: 2 } });
    expect(gridAction(key('ArrowUp'), 'text', at, size, true)).toEqual({ type: 'commit', to: { row: 2, col: 2 } });
    expect(gridAction(key('Escape'), 'text', at, size, true)).toEqual({ type: 'cancel' });
  });

  it('keys of a Japanese input method are never taken', () => {
    for (const k of ['Enter', 'ArrowDown', 'ArrowLeft', 'Escape', ' ']) {
      expect(gridAction(key(k, { composing: true }), 'text', at, size, true)).toEqual({ type: 'native' });
      expect(gridAction(key(k, { composing: true }), 'text', at, size, false)).toEqual({ type: 'native' });
    }
    expect(gridAction(key('Process'), 'text', at, size, false)).toEqual({ type: 'native' });
  });

  it('a choice cell: a digit picks, Enter edits, then Up/Down step and Enter saves', () => {
    expect(gridAction(key('3'), 'choice', at, size, false, 4)).toEqual({ type: 'pick', index: 2 });
    expect(gridAction(key('5'), 'choice', at, size, false, 4)).toEqual({ type: 'native' });
    expect(gridAction(key('0'), 'choice', at, size, false, 5)).toEqual({ type: 'native' });
    expect(gridAction(key('ArrowDown'), 'choice', at, size, false, 4)).toEqual({ type: 'move', to: { row: 4, col: 2 } });
    expect(gridAction(key(' '), 'choice', at, size, false, 4)).toEqual({ type: 'edit' });
    expect(gridAction(key('ArrowDown'), 'choice', at, size, true, 4)).toEqual({ type: 'step', by: 1 });
    expect(gridAction(key('ArrowUp'), 'choice', at, size, true, 4)).toEqual({ type: 'step', by: -1 });
    expect(gridAction(key('Enter'), 'choice', at, size, true, 4)).toEqual({ type: 'commit', to: { row: -1, col: -1 } });
    expect(gridAction(key('Escape'), 'choice', at, size, true, 4)).toEqual({ type: 'cancel' });
  });

  it('checkboxes and buttons keep Space and Enter; Shift+arrows are not moves', () => {
    expect(gridAction(key(' '), 'check', at, size, false)).toEqual({ type: 'native' });
    expect(gridAction(key('Enter'), 'button', at, size, false)).toEqual({ type: 'native' });
    expect(gridAction(key('ArrowRight'), 'button', at, size, false)).toEqual({ type: 'move', to: { row: 3, col: 3 } });
    expect(gridAction(key('ArrowRight', { shift: true }), 'check', at, size, false)).toEqual({ type: 'native' });
  });
});
