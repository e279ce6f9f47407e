import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Board, CsvImportReport, CsvPreview } from '../bindings';
import { EVIL, board as boardOf, person } from './fixtures';
import ProjectPeople from './ProjectPeople.svelte';

function board(names: string[], version: number): Board {
  const people = names.map((name, i) => person(i + 1, name, { department: '', attended_kickoff: false }));
  return {
    ...boardOf(people, version),
    departments: [],
    risks: [],
    map: { width: 100, height: 100, columns: [], rows: [], people: [] },
  };
}

function preview(mapping: CsvPreview['mapping']): CsvPreview {
  const nameMapped = mapping.includes('name');
  return {
    encoding: 'shift_jis',
    delimiter: 'comma',
    header: ['氏名', 'メール'],
    rows: [
      { row: 2, cells: ['山田 太郎', 'yamada@example.com'] },
      { row: 3, cells: [EVIL, 'broken'] },
    ],
    total_rows: 2,
    mapping,
    mapping_errors: nameMapped ? [] : [{ field: 'mapping', code: 'name_not_mapped', max: null }],
    valid_rows: nameMapped ? 1 : 0,
    invalid_rows: nameMapped ? 1 : 0,
    errors: nameMapped ? [{ row: 3, field: 'email', code: 'invalid_email', max: null }] : [],
  };
}

describe('CsvImport', () => {
  it('previews a file, lists row errors, imports the valid rows with the chosen mode', async () => {
    const calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
    mockIPC((cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      if (cmd === 'get_stakeholder_board') return board([], 3);
      if (cmd === 'plugin:dialog|open') return '/tmp/people.csv';
      if (cmd === 'preview_stakeholder_csv') return preview((a.mapping as CsvPreview['mapping'] | null) ?? ['name', 'email']);
      if (cmd === 'import_stakeholder_csv') {
        const report: CsvImportReport = {
          encoding: 'shift_jis',
          mode: 'skip_invalid_rows',
          total_rows: 2,
          imported: 1,
          invalid_rows: 1,
          refused: false,
          errors: [{ row: 3, field: 'email', code: 'invalid_email', max: null }],
          board: board(['山田 太郎'], 4),
        };
        return report;
      }
      return null;
    });
    render(ProjectPeople, { id: 1, tab: 'list', onback: () => {} });
    await fireEvent.click(await screen.findByRole('button', { name: 'Import CSV…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Choose a file…' }));

    const table = await screen.findByTestId('csv-preview');
    expect(screen.getByTestId('csv-encoding')).toHaveTextContent('Encoding: Shift_JIS (Japanese Excel)');
    expect(within(table).getByText('山田 太郎')).toBeInTheDocument();
    expect(within(table).getByText(EVIL)).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    const select = screen.getByLabelText('Field for the column “メール”') as HTMLSelectElement;
    expect(select.value).toBe('email');
    expect(screen.getByTestId('csv-error')).toHaveTextContent('Row 3 — E-mail: Not an e-mail address (name@example.com).');

    // Unmapping the name shows the mapping problem and disables the import.
    await fireEvent.change(screen.getByLabelText('Field for the column “氏名”'), { target: { value: '' } });
    expect(
      await screen.findByText(
        'Choose the column that holds the name, or the two columns of the family and given names (姓 and 名, Last Name and First Name).',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('csv-import-button')).toBeDisabled();
    expect(calls.filter((c) => c.cmd === 'preview_stakeholder_csv').at(-1)?.args.mapping).toEqual([null, 'email']);
    await fireEvent.change(screen.getByLabelText('Field for the column “氏名”'), { target: { value: 'name' } });
    await screen.findByTestId('csv-error');

    await fireEvent.click(screen.getByLabelText('Import the valid rows and skip the others'));
    await fireEvent.click(screen.getByTestId('csv-import-button'));
    expect(await screen.findByText('Rows read: 2. Stakeholders imported: 1. Rows skipped: 1.')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'import_stakeholder_csv')?.args).toEqual({
      projectId: 1,
      expectedVersion: 3,
      path: '/tmp/people.csv',
      mapping: ['name', 'email'],
      mode: 'skip_invalid_rows',
    });
    expect(screen.getByTestId('stakeholder-name')).toHaveTextContent('山田 太郎');
  });

  it('explains a refused file in the user’s language', async () => {
    mockIPC((cmd) => {
      if (cmd === 'get_stakeholder_board') return board([], 3);
      if (cmd === 'plugin:dialog|open') return '/tmp/huge.csv';
      if (cmd === 'preview_stakeholder_csv') {
        throw { code: 'validation', message: 'invalid', fields: [{ field: 'file', code: 'too_many_rows', max: 5000 }] };
      }
      return null;
    });
    render(ProjectPeople, { id: 1, tab: 'list', onback: () => {} });
    await fireEvent.click(await screen.findByRole('button', { name: 'Import CSV…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Choose a file…' }));
    expect(await screen.findByText('The file has too many rows (at most 5000).')).toBeInTheDocument();
    expect(screen.queryByTestId('csv-preview')).toBeNull();
  });

  it('names the line of a quote that is never closed', async () => {
    mockIPC((cmd) => {
      if (cmd === 'get_stakeholder_board') return board([], 3);
      if (cmd === 'plugin:dialog|open') return '/tmp/hand-made.csv';
      if (cmd === 'preview_stakeholder_csv') {
        throw { code: 'validation', message: 'invalid', fields: [{ field: 'file', code: 'unclosed_quote', max: 3 }] };
      }
      return null;
    });
    render(ProjectPeople, { id: 1, tab: 'list', onback: () => {} });
    await fireEvent.click(await screen.findByRole('button', { name: 'Import CSV…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Choose a file…' }));
    expect(await screen.findByTestId('csv-problem')).toHaveTextContent(/^Line 3: a quoted cell starts here and is never closed/);
  });
});
